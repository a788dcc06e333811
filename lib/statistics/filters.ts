import { z } from 'zod';
import { keysOf } from '../cases/labels';
import { DIMENSION_LABELS, ROLE_GROUP_KEYS } from './dimensions';

// The statistics filters: every figure on the page, in the CSV and in the report applies all of them.
// Shared by the page (GET form), the CSV and PDF routes. Anything malformed falls back to "no filter".

const blank = (v: unknown) => (v === '' ? undefined : v);
const id = z.preprocess(
  blank,
  z
    .string()
    .regex(/^[a-z0-9]{1,40}$/i)
    .optional(),
);

export const statisticsFiltersSchema = z.object({
  sanctionType: z.preprocess(blank, z.enum(keysOf(DIMENSION_LABELS.sanctionType)).optional()),
  reason: z.preprocess(blank, z.enum(keysOf(DIMENSION_LABELS.reason)).optional()),
  role: z.preprocess(blank, z.enum(ROLE_GROUP_KEYS as [string, ...string[]]).optional()),
  stage: z.preprocess(blank, z.enum(keysOf(DIMENSION_LABELS.stage)).optional()),
  outcome: z.preprocess(blank, z.enum([...keysOf(DIMENSION_LABELS.outcome), 'NONE']).optional()),
  regionId: id,
  branchId: id,
  suspended: z.preprocess(blank, z.enum(['yes', 'no']).optional()),
});
export type StatisticsFilters = z.output<typeof statisticsFiltersSchema>;
export const FILTER_KEYS = Object.keys(statisticsFiltersSchema.shape) as (keyof StatisticsFilters)[];

export function parseStatisticsFilters(params: Record<string, string | string[] | undefined>): StatisticsFilters {
  const flat = Object.fromEntries(
    FILTER_KEYS.map((k) => {
      const v = params[k];
      return [k, Array.isArray(v) ? v[0] : v];
    }),
  );
  const parsed = statisticsFiltersSchema.safeParse(flat);
  if (parsed.success) return parsed.data;
  const cleaned = { ...flat };
  for (const issue of parsed.error.issues) delete cleaned[String(issue.path[0])];
  return statisticsFiltersSchema.parse(cleaned);
}

/** The filters as a query string (for links to the CSV and the report, and the one-click views). */
export function filtersQuery(filters: StatisticsFilters): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k]) params.set(k, filters[k]!);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** One-click views the network asks for most. */
export const PRESETS: { label: string; filters: StatisticsFilters }[] = [
  { label: 'Branch officers suspended for allowing a debate', filters: { role: 'BRANCH_OFFICER', reason: 'MOTION' } },
  { label: 'Everyone still suspended', filters: { suspended: 'yes' } },
  { label: 'Auto-exclusions', filters: { sanctionType: 'AUTO_EXCLUSION' } },
];
