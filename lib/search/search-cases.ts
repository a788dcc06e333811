import { db } from '../db/client';
import type { Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { AUDIT_ACTIONS } from '../audit/actions';
import { writeAuditMany } from '../audit/write-audit';
import { STAGE_LABELS } from '../cases/labels';
import { queryHits, CASES_PER_PAGE, type HitKind, type HitRow } from './search-query';
import { markOccurrences, toSegments, type Segment } from './snippets';
import type { SearchInput } from './schemas';

export type SearchHit = {
  kind: HitKind;
  /** Where the match is, in words: "Timeline entry", "Evidence E3", "Letter"… */
  where: string;
  /** Which tab of the case page shows it. */
  tab: 'timeline' | 'evidence' | 'letters' | 'details';
  title: Segment[] | null;
  snippet: Segment[] | null;
};
export type SearchCase = {
  reference: string;
  memberName: string;
  stage: string;
  hits: SearchHit[];
  /** Matches in this case beyond those shown. */
  moreHits: number;
};
export type SearchResult = {
  q: string;
  page: number;
  pageCount: number;
  caseCount: number;
  /** The word is so common that only the first matches were read: the page asks for another word. */
  capped: boolean;
  cases: SearchCase[];
};

const WHERE: Record<HitKind, { where: string; tab: SearchHit['tab'] }> = {
  CASE: { where: 'Case details', tab: 'details' },
  REFERENCE: { where: 'Case reference', tab: 'details' },
  NAME: { where: 'Member’s name', tab: 'details' },
  NUMBER: { where: 'Membership number', tab: 'details' },
  SANCTION: { where: 'Reason given for a sanction', tab: 'details' },
  EVENT: { where: 'Timeline entry', tab: 'timeline' },
  EVIDENCE: { where: 'Evidence', tab: 'evidence' },
  LETTER: { where: 'Letter', tab: 'letters' },
};

function toHit(row: HitRow, q: string): SearchHit {
  const { where, tab } = WHERE[row.kind];
  const title = row.title !== null ? toSegments(row.title) : null;
  switch (row.kind) {
    case 'REFERENCE':
      return { kind: row.kind, where, tab, title: null, snippet: markOccurrences(row.reference, q) };
    case 'NAME':
      // Found by its words, the name with those words marked; by likeness (typos allowed), the whole name.
      return {
        kind: row.kind,
        where,
        tab,
        title: null,
        snippet: row.snippet ? toSegments(row.snippet) : [{ text: row.memberName, mark: true }],
      };
    case 'EVIDENCE':
      return {
        kind: row.kind,
        where: `${where} E${row.exhibitNumber}`,
        tab,
        title,
        snippet: row.snippet ? toSegments(row.snippet) : null,
      };
    default:
      return { kind: row.kind, where, tab, title, snippet: row.snippet ? toSegments(row.snippet) : null };
  }
}

/**
 * Search across the cases a reader may open: case details, sanctions' stated reasons, timeline entries,
 * evidence titles and captured text, and letters; names and references also by likeness. Scoped in the query
 * like the pages (lib/auth/scope-sql.ts). Reading results is reading cases: one audit row for the search and
 * one per case shown, committed before anything is returned.
 */
export async function searchCases(
  actor: Actor,
  input: SearchInput,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
): Promise<SearchResult> {
  // Words first; a name with typos is looked for by likeness only when the words find nothing.
  let rows = await queryHits(actor, input.q, input.page, 'words');
  if (rows.length === 0 && input.page === 1) rows = await queryHits(actor, input.q, input.page, 'likeness');
  const cases = new Map<string, SearchCase & { id: string }>();
  for (const row of rows) {
    let c = cases.get(row.caseId);
    if (!c) {
      c = {
        id: row.caseId,
        reference: row.reference,
        memberName: row.memberName,
        stage: STAGE_LABELS[row.stage as keyof typeof STAGE_LABELS] ?? row.stage,
        hits: [],
        moreHits: row.caseHits,
      };
      cases.set(row.caseId, c);
    }
    c.hits.push(toHit(row, input.q));
    c.moreHits = row.caseHits - c.hits.length;
  }
  const caseCount = rows[0]?.caseCount ?? 0;
  await auditSearch(
    actor,
    [...cases.values()].map((c) => c.id),
    caseCount,
    ctx,
  );
  return {
    q: input.q,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(caseCount / CASES_PER_PAGE)),
    caseCount,
    capped: rows[0]?.capped ?? false,
    cases: [...cases.values()].map(({ reference, memberName, stage, hits, moreHits }) => ({
      reference,
      memberName,
      stage,
      hits,
      moreHits,
    })),
  };
}

/** Staff-only rows (the member's Activity tab never lists searches), written in one statement. Never the words searched for. */
async function auditSearch(
  actor: Actor,
  caseIds: string[],
  caseCount: number,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
): Promise<void> {
  const base = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  if (AUDIT_ACTIONS['search.run'].member !== 'staff' || AUDIT_ACTIONS['case.search'].member !== 'staff')
    throw new Error('Search audit rows are written as staff-only rows');
  // writeAuditMany: one INSERT with a parameter per column. Prisma's createMany of these 21 rows cost about
  // 10-14 ms of the server's CPU per search (its query compiler and a parameter per value), this about 2 ms.
  await writeAuditMany(db, [
    { ...base, action: 'search.run', entityType: 'Search', entityId: actor.id, fields: [`cases:${caseCount}`] },
    ...caseIds.map((caseId) => ({
      ...base,
      action: 'case.search' as const,
      entityType: 'Case',
      entityId: caseId,
      caseId,
    })),
  ]);
}
