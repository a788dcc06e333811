import { Prisma } from '../db/generated/client';
import { db } from '../db/client';
import type { Actor } from '../auth/policy';
import { caseScopeSql, itemsForReaderSql, scopesEveryCase } from '../auth/scope-sql';
import { MARK_END, MARK_START } from './snippets';

/** Where a match is. */
export type HitKind = 'CASE' | 'REFERENCE' | 'NAME' | 'NUMBER' | 'SANCTION' | 'EVENT' | 'EVIDENCE' | 'LETTER';

export type HitRow = {
  caseId: string;
  reference: string;
  memberName: string;
  stage: string;
  /** The case's place in the results (1 = best), and how many matches it has in all. */
  caseRank: number;
  caseHits: number;
  /** How many cases match in all (at least, when capped). */
  caseCount: number;
  /** A source had more than MATCH_CAP matches: only that many of each were read. */
  capped: boolean;
  kind: HitKind;
  itemId: string;
  exhibitNumber: number | null;
  /** The item's title (timeline entry, evidence, letter) with matches marked, or null. */
  title: string | null;
  /** A passage of its text with matches marked, or null. */
  snippet: string | null;
};

export const CASES_PER_PAGE = 20;

/** The references a search could mean: "RS-2026-0042", "2026-42" or "42" (any year since 2000). */
export function referenceCandidates(q: string, now = new Date()): string[] {
  const m = /^\s*(?:rs[-\s]?)?(?:(\d{4})[-\s])?(\d{1,6})\s*$/i.exec(q);
  if (!m) return [];
  const number = m[2]!.padStart(4, '0');
  const last = now.getUTCFullYear() + 1;
  const years = m[1] ? [Number(m[1])] : Array.from({ length: last - 1999 }, (_, i) => 2000 + i);
  return years.map((y) => `RS-${y}-${number}`);
}
export const HITS_PER_CASE = 3;
/** The most matches read from each source (cases, sanctions, entries, evidence, letters) for one search. */
export const MATCH_CAP = 200;

const TITLE_OPTIONS = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const SNIPPET_OPTIONS =
  `MaxWords=28, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … ", ` +
  `StartSel=${MARK_START}, StopSel=${MARK_END}`;

/**
 * One statement: every match the reader may see (each source filtered by the case scope and, for items, by
 * what the reader may see, in the query itself — hidden rows never leave the database), ranked; the cases
 * grouped by their best match; one page of cases with their best few matches; highlights made for those only.
 */
export async function queryHits(actor: Actor, q: string, page: number, by: 'words' | 'likeness'): Promise<HitRow[]> {
  return db.$queryRaw<HitRow[]>(hitsSql(actor, q, page, by));
}

/** The statement itself (the bench and EXPLAIN look at it). */
export function hitsSql(actor: Actor, q: string, page: number, by: 'words' | 'likeness'): Prisma.Sql {
  const references = referenceCandidates(q);
  // A caseworker's search by words reads the cases they may open once, first, and each source keeps its rows of
  // those cases: each source joined to the case table to test the scope row by row, it cost 10-15 ms on the
  // 10,000-case bench database whatever it found ("zebra" 10.4-10.8 ms, now 2.7-3.3). A member's scope (their own
  // cases) is tested on each row as before: read first, it cost a member 0.3-0.6 ms more. By likeness, the few
  // people whose name is like the words come first. A coordinator's scope is every case.
  const everyCase = scopesEveryCase(actor);
  const scopeFirst = actor.role === 'CASEWORKER' && by === 'words';
  // Each source's rows of the cases the reader may open: of the scope read first (the source's case id); of the case
  // joined by caseOf, or the source's own case row, tested (alias c); or, for a coordinator, every row.
  const inScope = (caseId: string) =>
    everyCase
      ? Prisma.sql`TRUE`
      : scopeFirst
        ? Prisma.raw(`${caseId} IN (SELECT "id" FROM scope)`)
        : caseScopeSql(actor, 'c');
  const caseOf = (alias: string) =>
    everyCase || scopeFirst ? Prisma.empty : Prisma.raw(`JOIN "Case" c ON c."id" = ${alias}."caseId"`);
  // The words as a query, made once in the CTE i and read from there. Written out at each place they were made again
  // for each row ranked and each highlight (a generic plan cannot fold a parameter's function into a constant):
  // a "motion" search on the 10,000-case bench database took 4.1 ms on PGlite before, 3.1 after (6 Dec 2026).
  const tsq = Prisma.sql`(SELECT tsq FROM i)`;
  const byTitle = (column: Prisma.Sql) =>
    Prisma.sql`ts_headline('reinstate_search', ${column}, ${tsq}, ${TITLE_OPTIONS})`;
  const bySnippet = (column: Prisma.Sql) =>
    Prisma.sql`ts_headline('reinstate_search', coalesce(${column}, ''), ${tsq}, ${SNIPPET_OPTIONS})`;
  // A query no index can answer ("the -motion", "motion or -chair": what it finds is what lacks a word) would read every
  // entry of each source's index; such words find nothing (the search box refuses a search of only "-" words).
  const indexable = Prisma.sql`(SELECT indexable FROM i)`;
  const scope = scopeFirst
    ? Prisma.sql`
    scope AS MATERIALIZED (SELECT c."id" FROM "Case" c WHERE ${caseScopeSql(actor, 'c')}),`
    : Prisma.empty;
  // Prepared by name like every statement (../db/statement-names.ts): after five calls on a connection PostgreSQL
  // keeps a generic plan, which cannot see the words but, with the search indexes' pending lists gone (decision
  // 0038), still reads each source through its GIN index; planning this statement cost more than running it.
  return Prisma.sql`WITH i AS (SELECT name, tsq, querytree(tsq) NOT IN ('', 'T') AS indexable
      FROM (SELECT lower(unaccent(${q})) AS name, websearch_to_tsquery('reinstate_search', ${q}) AS tsq) w),${scope}
    hits AS (${
      by === 'likeness'
        ? // Names with typos, by trigram likeness: asked only when the words found nothing (a slow scan on PGlite).
          Prisma.sql`
      SELECT c."id" AS "caseId", 'NAME' AS kind, p."id" AS "itemId", word_similarity(i.name, p."searchName") AS rank
        FROM "Person" p JOIN "Case" c ON c."personId" = p."id", i WHERE i.name <% p."searchName"
          AND ${caseScopeSql(actor, 'c')}`
        : // Each source gives at most MATCH_CAP matches (a word found in thousands of entries is not worth reading
          // them all: the page says so and asks for another word); each source reads its GIN index.
          Prisma.sql`
      (SELECT c."id" AS "caseId", 'CASE' AS kind, c."id" AS "itemId", ts_rank(c."searchVector", ${tsq}) AS rank
        FROM "Case" c WHERE c."searchVector" @@ ${tsq} AND ${indexable} AND ${inScope('c."id"')} LIMIT ${MATCH_CAP})
      UNION ALL
      -- A reference, whole or its number alone ("42", "2026-0042"): exact references, through the unique index.
      (SELECT c."id", 'REFERENCE', c."id", 2
        FROM "Case" c WHERE c."reference" = ANY(${references}::text[]) AND ${inScope('c."id"')})
      UNION ALL
      (SELECT s."caseId", 'SANCTION', s."id", ts_rank(s."searchVector", ${tsq})
        FROM "Sanction" s ${caseOf('s')}
        WHERE s."searchVector" @@ ${tsq} AND ${indexable} AND ${inScope('s."caseId"')} LIMIT ${MATCH_CAP})
      UNION ALL
      (SELECT e."caseId", 'EVENT', e."id", ts_rank(e."searchVector", ${tsq})
        FROM "TimelineEvent" e ${caseOf('e')}
        WHERE e."searchVector" @@ ${tsq} AND ${indexable} AND e."deletedAt" IS NULL AND ${itemsForReaderSql(actor, 'e')}
          AND ${inScope('e."caseId"')}
        LIMIT ${MATCH_CAP})
      UNION ALL
      (SELECT v."caseId", 'EVIDENCE', v."id", ts_rank(v."searchVector", ${tsq})
        FROM "Evidence" v ${caseOf('v')}
        WHERE v."searchVector" @@ ${tsq} AND ${indexable} AND v."deletedAt" IS NULL AND v."purgedAt" IS NULL
          AND ${itemsForReaderSql(actor, 'v')} AND ${inScope('v."caseId"')} LIMIT ${MATCH_CAP})
      UNION ALL
      -- A letter is seen through its timeline entry ("letter sent").
      (SELECT l."caseId", 'LETTER', l."id", ts_rank(l."searchVector", ${tsq})
        FROM "Letter" l JOIN "TimelineEvent" le ON le."id" = l."eventId" ${caseOf('l')}
        WHERE l."searchVector" @@ ${tsq} AND ${indexable} AND le."deletedAt" IS NULL AND ${itemsForReaderSql(actor, 'le')}
          AND ${inScope('l."caseId"')}
        LIMIT ${MATCH_CAP})`
    }),
    per_case AS (
      SELECT "caseId", max(rank) AS best, count(*)::int AS n FROM hits GROUP BY "caseId"
    ),
    capped AS (
      SELECT coalesce(bool_or(n >= ${MATCH_CAP}), false) AS capped FROM (SELECT count(*) AS n FROM hits GROUP BY kind) k
    ),
    -- One page of cases, best first: only the page's cases are numbered (numbering all ~500 cases of a common
    -- word first, then cutting the page, cost 0.2-0.3 ms more on PGlite).
    page AS (
      SELECT pc."caseId", pc.n,
             (${(page - 1) * CASES_PER_PAGE} + row_number() OVER (ORDER BY pc.best DESC, pc."caseId" DESC))::int AS "caseRank",
             (SELECT count(*) FROM per_case)::int AS "caseCount", (SELECT capped FROM capped) AS capped
        FROM (SELECT * FROM per_case ORDER BY best DESC, "caseId" DESC
               LIMIT ${CASES_PER_PAGE} OFFSET ${(page - 1) * CASES_PER_PAGE}) pc
    ),
    shown AS (
      SELECT h.*, pg."caseRank", pg.n AS "caseHits", pg."caseCount", pg.capped,
             row_number() OVER (PARTITION BY h."caseId" ORDER BY h.rank DESC, h.kind, h."itemId") AS pos
        FROM hits h JOIN page pg ON pg."caseId" = h."caseId"
    )
    SELECT sh."caseId", c."reference", p."fullName" AS "memberName", c."stage"::text AS stage, sh."caseRank",
           sh."caseHits", sh."caseCount", sh.capped, k.kind, sh."itemId", v."exhibitNumber",
           CASE sh.kind
             WHEN 'EVENT' THEN ${byTitle(Prisma.sql`e."title"`)}
             WHEN 'EVIDENCE' THEN ${byTitle(Prisma.sql`v."title"`)}
             WHEN 'LETTER' THEN ${byTitle(Prisma.sql`l."title"`)}
           END AS title,
           CASE k.kind
             WHEN 'NAME' THEN CASE WHEN sh.kind = 'CASE' THEN ${byTitle(Prisma.sql`p."fullName"`)} END
             WHEN 'NUMBER' THEN ${byTitle(Prisma.sql`p."membershipNumber"`)}
             WHEN 'CASE' THEN ${bySnippet(Prisma.sql`c."summary"`)}
             WHEN 'SANCTION' THEN ${bySnippet(Prisma.sql`s."reasonText"`)}
             WHEN 'EVENT' THEN ${bySnippet(Prisma.sql`e."details"`)}
             WHEN 'EVIDENCE' THEN ${bySnippet(Prisma.sql`v."capturedText"`)}
             WHEN 'LETTER' THEN ${bySnippet(Prisma.sql`l."body"`)}
           END AS snippet
      FROM shown sh
      JOIN "Case" c ON c."id" = sh."caseId"
      JOIN "Person" p ON p."id" = c."personId"
      -- A case's words are its reference, its member's name and membership number, and its summary: say which
      -- one matched, so a surname found shows the name marked, not a summary without the word. The summary's words
      -- are the case's search vector's weight B (its trigger, prisma/migrations/*_search_names): read there, not
      -- parsed from the summary again.
      CROSS JOIN LATERAL (SELECT CASE
        WHEN sh.kind <> 'CASE' THEN sh.kind
        WHEN ts_filter(c."searchVector", '{b}') @@ ${tsq}
          OR NOT (to_tsvector('reinstate_search', p."fullName" || ' ' || coalesce(p."membershipNumber", '')) @@ ${tsq})
          THEN 'CASE'
        WHEN to_tsvector('reinstate_search', p."fullName") @@ ${tsq} THEN 'NAME'
        WHEN to_tsvector('reinstate_search', coalesce(p."membershipNumber", '')) @@ ${tsq} THEN 'NUMBER'
        ELSE 'CASE' END AS kind) k
      LEFT JOIN "Sanction" s ON sh.kind = 'SANCTION' AND s."id" = sh."itemId"
      LEFT JOIN "TimelineEvent" e ON sh.kind = 'EVENT' AND e."id" = sh."itemId"
      LEFT JOIN "Evidence" v ON sh.kind = 'EVIDENCE' AND v."id" = sh."itemId"
      LEFT JOIN "Letter" l ON sh.kind = 'LETTER' AND l."id" = sh."itemId"
      WHERE sh.pos <= ${HITS_PER_CASE}
      ORDER BY sh."caseRank", sh.pos`;
}
