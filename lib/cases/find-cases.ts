import { z } from 'zod';
import { db } from '../db/client';
import { Prisma } from '../db/generated/client';
import type { CaseOutcome, CaseStage, ReasonCategory, SanctionType } from '../db/generated/enums';
import { caseScope, type Actor } from '../auth/policy';
import { caseScopeSql } from '../auth/scope-sql';
import { OUTCOME_LABELS, REASON_LABELS, ROLES_HELD, SANCTION_TYPE_LABELS, STAGE_LABELS, keysOf } from './labels';

export const PAGE_SIZE = 25;

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
export const caseFiltersSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  stage: z.preprocess(blankToUndefined, z.enum(keysOf(STAGE_LABELS)).optional()),
  // NONE: the outcome is not known yet.
  outcome: z.preprocess(blankToUndefined, z.enum([...keysOf(OUTCOME_LABELS), 'NONE']).optional()),
  sanctionType: z.preprocess(blankToUndefined, z.enum(keysOf(SANCTION_TYPE_LABELS)).optional()),
  // The reason given for any of the case's sanctions, and a role the member holds (or held).
  reason: z.preprocess(blankToUndefined, z.enum(keysOf(REASON_LABELS)).optional()),
  role: z.preprocess(blankToUndefined, z.enum(ROLES_HELD).optional()),
  branchId: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  regionId: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  caseworkerId: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});
export type CaseFilters = z.output<typeof caseFiltersSchema>;

/** Parses search params; anything malformed falls back to "no filter" rather than an error page. */
export function parseCaseFilters(params: Record<string, string | string[] | undefined>): CaseFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = caseFiltersSchema.safeParse(flat);
  if (parsed.success) return parsed.data;
  const cleaned = { ...flat };
  for (const issue of parsed.error.issues) delete cleaned[String(issue.path[0])];
  return caseFiltersSchema.parse(cleaned);
}

/**
 * The list's filters within the reader's scope, as one where-clause: the list, its count and its CSV export
 * (lib/export) read exactly the same cases.
 */
export function caseListWhere(actor: Actor, filters: CaseFilters): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [caseScope(actor)];
  if (filters.stage) and.push({ stage: filters.stage });
  if (filters.outcome) and.push({ outcome: filters.outcome === 'NONE' ? null : filters.outcome });
  if (filters.sanctionType) and.push({ sanctions: { some: { type: filters.sanctionType } } });
  if (filters.reason) and.push({ sanctions: { some: { reasonCategory: filters.reason } } });
  if (filters.role) and.push({ person: { rolesHeld: { has: filters.role } } });
  // A case is in a branch when its member is now, when it was there before (CaseBranch), or when a group
  // action that hit the branch is linked to it (issue 10, point 4).
  if (filters.branchId) {
    and.push({
      OR: [
        { person: { branchId: filters.branchId } },
        { branches: { some: { branchId: filters.branchId } } },
        { groupActions: { some: { groupAction: { branches: { some: { branchId: filters.branchId } } } } } },
      ],
    });
  }
  if (filters.regionId) and.push({ person: { regionId: filters.regionId } });
  if (filters.caseworkerId) and.push({ assignments: { some: { caseworkerId: filters.caseworkerId, endedAt: null } } });
  if (filters.q) {
    // Search text is text: LIKE wildcards typed by a person are escaped.
    const q = filters.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    and.push(
      /^rs-\d{4}-\d+$/i.test(filters.q)
        ? { reference: filters.q.toUpperCase() }
        : {
            OR: [
              { reference: { contains: q, mode: 'insensitive' } },
              { person: { fullName: { contains: q, mode: 'insensitive' } } },
            ],
          },
    );
  }
  return { AND: and };
}

export async function findCases(
  actor: Actor,
  filters: CaseFilters,
  opts: { pageSize?: number; exactCountLimit?: number } = {},
) {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const where = caseListWhere(actor, filters);
  const skip = (filters.page - 1) * pageSize;
  // One row more than a page says whether there is a next page without counting.
  const fetched = await pageOfCases(actor, where, skip, pageSize + 1);
  const hasNext = fetched.length > pageSize;
  const rows = hasNext ? fetched.slice(0, pageSize) : fetched;
  // A page that is not full ends the list: the total follows from it, no count needed.
  const { total, estimate } =
    !hasNext && (rows.length > 0 || skip === 0)
      ? { total: skip + rows.length, estimate: false }
      : await countCases(actor, filters, where, opts.exactCountLimit ?? EXACT_COUNT_LIMIT);
  const pageCount = Math.max(1, Math.ceil(total / pageSize), hasNext ? filters.page + 1 : 1);
  return { total, totalIsEstimate: estimate, rows, page: filters.page, pageCount, hasNext };
}

const LIST_ORDER: Prisma.CaseOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];
/** What a row of the list holds: the shape of this Prisma select (the test compares listRows with it). */
export const LIST_SELECT = {
  id: true,
  reference: true,
  stage: true,
  outcome: true,
  createdAt: true,
  person: {
    select: { fullName: true, rolesHeld: true, branch: { select: { name: true } }, region: { select: { name: true } } },
  },
  sanctions: {
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 1,
    select: { type: true, reasonCategory: true },
  },
  assignments: {
    where: { endedAt: null },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    select: { caseworker: { select: { id: true, name: true } } },
  },
} satisfies Prisma.CaseSelect;
export type CaseListRow = Prisma.CaseGetPayload<{ select: typeof LIST_SELECT }>;

/**
 * A page of cases: the page's ids first (an index walk, with the filters), then their rows. The second query keeps
 * the scope as well as the ids.
 * - Past the first page: with the rows' tables joined in one statement, PostgreSQL builds them for every skipped row
 *   too (page 200 of 10,000 cases took 320 ms that way).
 * - The first page as well: one statement with its LIMITs as parameters (Prisma sends `take` as one) never gets a
 *   generic plan (PostgreSQL's assumes a tenth of the rows), so its joins of seven tables were planned on every
 *   request. The rows' statement has no LIMIT of the page: it is planned generically after five calls, and only
 *   the ids' small statement is planned each time. On the embedded bench database (10,000 cases), 100 first pages
 *   one after another in one process: 7.96 ms a page as one statement, 4.29 ms this way (on a server serving 4 or 16
 *   connections the difference stayed within the machine's noise, docs/benchmarks.md).
 */
async function pageOfCases(actor: Actor, where: Prisma.CaseWhereInput, skip: number, take: number) {
  const ids = (await db.case.findMany({ where, orderBy: LIST_ORDER, skip, take, select: { id: true } })).map(
    (r) => r.id,
  );
  return ids.length ? listRows(actor, ids) : [];
}

type FlatRow = {
  id: string;
  reference: string;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  createdAt: Date;
  fullName: string;
  rolesHeld: string[];
  branchName: string | null;
  regionName: string | null;
  sanctionType: SanctionType | null;
  reasonCategory: ReasonCategory | null;
  caseworkerIds: string[] | null;
  caseworkerNames: string[] | null;
};

/**
 * The list's rows for these cases, in the list's order, as LIST_SELECT gives them, within the reader's scope. One
 * statement of plain joins: Prisma's own for LIST_SELECT builds a JSON object per row and relation in lateral
 * subqueries, and on the embedded database each of those subqueries on a small table (branches, regions) scanned it
 * again for every row, asking the file system for the table's size each time (52 fstat calls a page, now 1). The
 * list's two statements for a first page, 1,000 times in one process on the embedded bench database (10,000 cases):
 * 2.12-2.25 ms a page through Prisma's select, 1.58-1.69 ms this way (6 Dec 2026).
 */
export async function listRows(actor: Actor, ids: string[]): Promise<CaseListRow[]> {
  const rows = await db.$queryRaw<FlatRow[]>`
    SELECT c."id", c."reference", c."stage"::text AS stage, c."outcome"::text AS outcome, c."createdAt",
           p."fullName", coalesce(p."rolesHeld", '{}') AS "rolesHeld", b."name" AS "branchName", r."name" AS "regionName",
           s."type"::text AS "sanctionType", s."reasonCategory"::text AS "reasonCategory",
           w."ids" AS "caseworkerIds", w."names" AS "caseworkerNames"
      FROM "Case" c
      JOIN "Person" p ON p."id" = c."personId"
      LEFT JOIN "Branch" b ON b."id" = p."branchId"
      LEFT JOIN "Region" r ON r."id" = p."regionId"
      LEFT JOIN LATERAL (SELECT x."type", x."reasonCategory" FROM "Sanction" x WHERE x."caseId" = c."id"
                          ORDER BY x."createdAt" DESC, x."id" DESC LIMIT 1) s ON TRUE
      LEFT JOIN LATERAL (SELECT array_agg(u."id" ORDER BY a."startedAt", a."id") AS "ids",
                                array_agg(u."name" ORDER BY a."startedAt", a."id") AS "names"
                           FROM "Assignment" a JOIN "User" u ON u."id" = a."caseworkerId"
                          WHERE a."caseId" = c."id" AND a."endedAt" IS NULL) w ON TRUE
     WHERE c."id" = ANY(${ids}::text[]) AND ${caseScopeSql(actor, 'c')}
     ORDER BY c."createdAt" DESC, c."id" DESC`;
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    stage: row.stage,
    outcome: row.outcome,
    createdAt: row.createdAt,
    person: {
      fullName: row.fullName,
      rolesHeld: row.rolesHeld,
      branch: row.branchName === null ? null : { name: row.branchName },
      region: row.regionName === null ? null : { name: row.regionName },
    },
    sanctions: row.sanctionType ? [{ type: row.sanctionType, reasonCategory: row.reasonCategory }] : [],
    assignments: (row.caseworkerIds ?? []).map((id, i) => ({ caseworker: { id, name: row.caseworkerNames![i]! } })),
  }));
}

/**
 * Above this many matching cases the list says "about N cases": the count is kept for COUNT_TTL_MS
 * per reader's scope and filters in this process, instead of counting every matching row on every
 * request. Smaller totals are always exact (and a list that fits on one page is never counted).
 */
export const EXACT_COUNT_LIMIT = 1000;
const COUNT_TTL_MS = 60_000;
const COUNT_KEYS = 500;
const counts = new Map<string, { at: number; total: number }>();

async function countCases(
  actor: Actor,
  filters: CaseFilters,
  where: Prisma.CaseWhereInput,
  exactLimit: number,
): Promise<{ total: number; estimate: boolean }> {
  // Coordinators share one scope (every case); anyone else's count is their own.
  const key = JSON.stringify([
    actor.role === 'COORDINATOR' ? 'COORDINATOR' : `${actor.role}:${actor.id}`,
    { ...filters, page: undefined },
  ]);
  const hit = counts.get(key);
  if (hit && Date.now() - hit.at < COUNT_TTL_MS) return { total: hit.total, estimate: true };
  const total = await db.case.count({ where });
  counts.delete(key);
  if (total > exactLimit) {
    counts.set(key, { at: Date.now(), total });
    if (counts.size > COUNT_KEYS) counts.delete(counts.keys().next().value!);
  }
  return { total, estimate: false };
}

/** Forgets the kept counts (tests; a process that wants exact figures at once). */
export function forgetCaseCounts(): void {
  counts.clear();
}
