import { z } from 'zod';
import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { caseScope, type Actor } from '../auth/policy';
import { SANCTION_TYPE_LABELS, STATUS_LABELS, keysOf } from './labels';

export const PAGE_SIZE = 25;

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
export const caseFiltersSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
  status: z.preprocess(blankToUndefined, z.enum(keysOf(STATUS_LABELS)).optional()),
  sanctionType: z.preprocess(blankToUndefined, z.enum(keysOf(SANCTION_TYPE_LABELS)).optional()),
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

export async function findCases(actor: Actor, filters: CaseFilters, opts: { pageSize?: number } = {}) {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const and: Prisma.CaseWhereInput[] = [caseScope(actor)];
  if (filters.status) and.push({ status: filters.status });
  if (filters.sanctionType) and.push({ sanctions: { some: { type: filters.sanctionType } } });
  if (filters.branchId) and.push({ person: { branchId: filters.branchId } });
  if (filters.regionId) and.push({ person: { regionId: filters.regionId } });
  if (filters.caseworkerId) and.push({ assignments: { some: { caseworkerId: filters.caseworkerId, endedAt: null } } });
  if (filters.q) {
    // Search text is text: LIKE wildcards typed by a person are escaped.
    const q = filters.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    and.push(/^rs-\d{4}-\d+$/i.test(filters.q) ? { reference: filters.q.toUpperCase() } : {
      OR: [{ reference: { contains: q, mode: 'insensitive' } }, { person: { fullName: { contains: q, mode: 'insensitive' } } }],
    });
  }
  const where: Prisma.CaseWhereInput = { AND: and };
  const [total, rows] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({
      relationLoadStrategy: 'join', // one SQL statement instead of one per relation
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (filters.page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true, reference: true, status: true, appealStatus: true, createdAt: true, updatedAt: true,
        person: { select: { fullName: true, branch: { select: { name: true } }, region: { select: { name: true } } } },
        sanctions: { orderBy: { createdAt: 'desc' }, take: 1, select: { type: true } },
        assignments: { where: { endedAt: null }, select: { caseworker: { select: { id: true, name: true } } } },
      },
    }),
  ]);
  return { total, rows, page: filters.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
