import { FAIRNESS_ANSWER_LABELS, FAIRNESS_KEYS, FAIRNESS_QUESTIONS } from '../bundle/fairness-questions';
import type { CaseFact } from './case-facts';
import { DIMENSION_LABELS, DURATION_BINS, ROLE_GROUPS, ROLE_GROUP_KEYS, NOT_RECORDED } from './dimensions';
import type { StatisticsFilters } from './filters';
import { suppressTable, shownPercent, THRESHOLD, type CountTable, type Shown, type SuppressedTable } from './suppress';

// From the cases a reader may open to the figures they may see: filter, count, suppress (pure; the
// page, the CSV and the report all publish exactly this).

export type StatTable = {
  id: string;
  title: string;
  /** What is counted, in words, shown under the title. */
  counts: string;
  table: SuppressedTable;
  /** The column a bar chart draws (its index), or null for no chart. */
  chartColumn: number | null;
};

export type Statistics = {
  /** No case at all in the reader's scope, before filters (what their own case list shows them anyway). */
  scopeEmpty: boolean;
  total: Shown;
  stillSuspended: Shown;
  stillSuspendedPercent: number | null;
  /** Quartiles of months suspended without a decision, when at least MIN_FOR_QUARTILES dated cases. */
  quartiles: { q1: number; median: number; q3: number } | null;
  tables: StatTable[];
};

export const MIN_FOR_QUARTILES = 10;
export const STATUS_COLUMNS = ['Still suspended', 'Not suspended now'];

export type Names = { regions: Map<string, string>; branches: Map<string, string> };

export function matchesFilters(f: CaseFact, filters: StatisticsFilters): boolean {
  if (filters.sanctionType && f.sanctionType !== filters.sanctionType) return false;
  if (filters.reason && f.reason !== filters.reason) return false;
  if (filters.role && !f.roleGroups.includes(filters.role as never)) return false;
  if (filters.stage && f.stage !== filters.stage) return false;
  if (filters.outcome && (f.outcome ?? 'NONE') !== filters.outcome) return false;
  if (filters.regionId && f.regionId !== filters.regionId) return false;
  if (filters.branchId && f.branchId !== filters.branchId) return false;
  if (filters.suspended && f.stillSuspended !== (filters.suspended === 'yes')) return false;
  return true;
}

/** Whole months from `from` to `to` (a month not yet complete does not count). */
export function monthsBetween(from: Date, to: Date): number {
  const m = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
  return Math.max(0, to.getUTCDate() < from.getUTCDate() ? m - 1 : m);
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

type Spec = {
  id: string;
  title: string;
  counts: string;
  rows: { key: string; label: string }[];
  columns: string[];
  cell: (f: CaseFact) => [string, number] | null;
  rowTotals: boolean;
  columnTotals?: boolean;
  chartColumn: number | null;
  /**
   * Long lists (regions, branches): rows of fewer than 5 cases are added together under this label, so the
   * table lists the places with 5 or more and one row for the rest. Leaving out the empty rows instead, as
   * this did before, published their zeros exactly (decision 0022).
   */
  otherRows?: string;
};

const status = (f: CaseFact) => (f.stillSuspended ? 0 : 1);
const labelled = (labels: Record<string, string>, none?: string) => [
  ...Object.entries(labels).map(([key, label]) => ({ key, label })),
  ...(none ? [{ key: NOT_RECORDED, label: none }] : []),
];

function specs(names: Names, today: Date): Spec[] {
  const byStatus = (
    id: string,
    title: string,
    counts: string,
    rows: Spec['rows'],
    key: (f: CaseFact) => string | null,
    otherRows?: string,
  ): Spec => ({
    id,
    title,
    counts,
    rows,
    columns: STATUS_COLUMNS,
    cell: (f) => [key(f) ?? NOT_RECORDED, status(f)],
    rowTotals: true,
    chartColumn: null,
    otherRows,
  });
  const place = (m: Map<string, string>) => [
    ...[...m].map(([key, label]) => ({ key, label })),
    { key: NOT_RECORDED, label: 'Not recorded' },
  ];
  return [
    byStatus(
      'sanction-type',
      'Cases by sanction type',
      'Each case once, under its current sanction (the one imposed last).',
      labelled(DIMENSION_LABELS.sanctionType, 'No sanction recorded'),
      (f) => f.sanctionType,
    ),
    byStatus(
      'reason',
      'Cases by stated reason',
      'Each case once, under the reason the party gave for its current sanction.',
      labelled(DIMENSION_LABELS.reason, 'No reason recorded'),
      (f) => f.reason,
    ),
    byStatus(
      'role',
      'Cases by role held',
      'Each person once, under the first of these roles they hold or held (a councillor who chairs a branch counts as a councillor); the role filter finds anyone holding the role.',
      ROLE_GROUP_KEYS.map((key) => ({ key, label: ROLE_GROUPS[key].label })),
      (f) => f.roleGroup,
    ),
    byStatus(
      'stage',
      'Cases by stage',
      'Where each case’s process is now.',
      labelled(DIMENSION_LABELS.stage),
      (f) => f.stage,
    ),
    byStatus(
      'outcome',
      'Cases by outcome',
      'How each case ended, or stands after a decision.',
      labelled(DIMENSION_LABELS.outcome, 'Not known yet'),
      (f) => f.outcome,
    ),
    byStatus(
      'appeal',
      'Appeals',
      'Where each case’s appeal stands.',
      labelled(DIMENSION_LABELS.appealStatus),
      (f) => f.appealStatus,
    ),
    byStatus(
      'region',
      'Cases by region',
      'By the member’s region now. Regions with fewer than 5 cases are counted together.',
      place(names.regions),
      (f) => f.regionId,
      'Other regions (fewer than 5 cases each)',
    ),
    byStatus(
      'branch',
      'Cases by branch',
      'By the member’s branch now. Branches with fewer than 5 cases are counted together.',
      place(names.branches),
      (f) => f.branchId,
      'Other branches (fewer than 5 cases each)',
    ),
    {
      id: 'time-suspended',
      title: 'Time suspended without a decision',
      counts:
        'Cases still suspended (a suspension with no end date and no decision), by how long since the earliest such suspension was imposed.',
      rows: [
        ...DURATION_BINS.map((b, i) => ({ key: String(i), label: b.label })),
        { key: NOT_RECORDED, label: 'Date not known' },
      ],
      columns: ['Cases'],
      cell: (f) => {
        if (!f.stillSuspended) return null;
        if (!f.suspendedSince) return [NOT_RECORDED, 0];
        const months = monthsBetween(f.suspendedSince, today);
        return [String(DURATION_BINS.findIndex((b) => months >= b.fromMonths && months < b.toMonths)), 0];
      },
      rowTotals: false,
      chartColumn: 0,
    },
    {
      id: 'fairness',
      title: 'Fairness findings in published reviews',
      counts:
        'Cases with a published reinstatement review, by the answer to each question (the latest published version; drafts are not counted).',
      rows: FAIRNESS_KEYS.map((key) => ({ key, label: FAIRNESS_QUESTIONS[key] })),
      columns: [FAIRNESS_ANSWER_LABELS.YES, FAIRNESS_ANSWER_LABELS.NO, FAIRNESS_ANSWER_LABELS.UNKNOWN],
      cell: () => null, // filled per question below
      rowTotals: true,
      // A column's total would add answers to different questions: not a count of anything.
      columnTotals: false,
      chartColumn: null,
    },
    {
      id: 'review-outcome',
      title: 'Outcomes of reviewed cases',
      counts: 'Cases with a published reinstatement review, by the case’s outcome.',
      rows: labelled(DIMENSION_LABELS.outcome, 'Not known yet'),
      columns: ['Reviewed cases'],
      cell: (f) => (f.fairness ? [f.outcome ?? NOT_RECORDED, 0] : null),
      rowTotals: false,
      chartColumn: 0,
    },
  ];
}

function countTable(spec: Spec, facts: CaseFact[]): CountTable {
  const index = new Map(spec.rows.map((r, i) => [r.key, i]));
  const cells = spec.rows.map(() => spec.columns.map(() => 0));
  if (spec.id === 'fairness') {
    const answerCol: Record<string, number> = { YES: 0, NO: 1, UNKNOWN: 2 };
    for (const f of facts) {
      if (!f.fairness) continue;
      FAIRNESS_KEYS.forEach((q, r) => (cells[r]![answerCol[f.fairness![q] ?? 'UNKNOWN'] ?? 2]! += 1));
    }
  } else {
    for (const f of facts) {
      const at = spec.cell(f);
      if (!at) continue;
      const r = index.get(at[0]);
      if (r !== undefined) cells[r]![at[1]]! += 1;
    }
  }
  let rows = spec.rows.map((r) => r.label);
  let kept = cells;
  if (spec.otherRows) {
    const listed = cells.map((row) => row.reduce((a, b) => a + b, 0) >= THRESHOLD);
    rows = rows.filter((_, r) => listed[r]);
    kept = cells.filter((_, r) => listed[r]);
    // The row for the rest is there whenever some place is folded into it, even with no case at all: its
    // "fewer than 5" then reads the same as for one to four cases.
    if (listed.some((l) => !l)) {
      rows.push(spec.otherRows);
      kept.push(spec.columns.map((_, c) => cells.reduce((sum, row, r) => sum + (listed[r] ? 0 : row[c]!), 0)));
    }
  }
  return {
    rows,
    columns: spec.columns,
    cells: kept,
    rowTotals: spec.rowTotals,
    columnTotals: spec.columnTotals ?? true,
  };
}

/**
 * Entries that are the same count in different tables (every by-status table's totals; the time table's
 * total is the still-suspended total; every fairness row's total and the review outcomes' total are the
 * number of reviewed cases). A count hidden in one is hidden in all, or the next table would give it away.
 */
function sharedEntries(tables: CountTable[], ids: string[]): [number, number, number][][] {
  const groups: [number, number, number][][] = [];
  const at = (id: string) => ids.indexOf(id);
  const byStatus = ids.map((id, i) => [id, i] as const).filter(([, i]) => tables[i]!.columns === STATUS_COLUMNS);
  const R = (i: number) => tables[i]!.rows.length;
  const time = at('time-suspended');
  groups.push([...byStatus.map(([, i]) => [i, R(i), 0] as [number, number, number]), [time, R(time), 0]]);
  groups.push(byStatus.map(([, i]) => [i, R(i), 1]));
  groups.push(byStatus.map(([, i]) => [i, R(i), 2]));
  const fair = at('fairness');
  const review = at('review-outcome');
  groups.push([...FAIRNESS_KEYS.map((_, r) => [fair, r, 3] as [number, number, number]), [review, R(review), 0]]);
  return groups;
}

export function buildStatistics(
  allFacts: CaseFact[],
  filters: StatisticsFilters,
  names: Names,
  today: Date,
): Statistics {
  const facts = allFacts.filter((f) => matchesFilters(f, filters));
  const list = specs(names, today);
  const counts = list.map((s) => countTable(s, facts));
  const ids = list.map((s) => s.id);
  const groups = sharedEntries(counts, ids);
  const forced: [number, number][][] = counts.map(() => []);
  let suppressed: SuppressedTable[] = [];
  // Hide a shared count everywhere once any table hides it; that may call for more hiding: repeat until stable.
  for (let round = 0; round < 10; round++) {
    // A list of places with one row (all of them folded together, or one place only) repeats the totals; a
    // list of places hides none of the totals every table shares (it is withheld instead).
    suppressed = counts.map((t, i) =>
      list[i]!.otherRows
        ? suppressTable(t, forced[i], { withhold: t.rows.length === 1, keepColumnTotals: true })
        : suppressTable(t, forced[i]),
    );
    let changed = false;
    for (const group of groups) {
      const hidden = group.some(([t, r, c]) => suppressed[t]!.hiddenAt.some(([hr, hc]) => hr === r && hc === c));
      if (!hidden) continue;
      for (const [t, r, c] of group) {
        if (!forced[t]!.some(([fr, fc]) => fr === r && fc === c)) {
          forced[t]!.push([r, c]);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  const first = suppressed[0]!;
  const dated = facts
    .filter((f) => f.stillSuspended && f.suspendedSince)
    .map((f) => monthsBetween(f.suspendedSince!, today))
    .sort((a, b) => a - b);
  return {
    scopeEmpty: allFacts.length === 0,
    total: first.grandTotal,
    stillSuspended: first.columnTotals![0]!,
    stillSuspendedPercent: shownPercent(first.columnTotals![0]!, first.grandTotal),
    quartiles:
      dated.length >= MIN_FOR_QUARTILES
        ? { q1: percentile(dated, 0.25), median: percentile(dated, 0.5), q3: percentile(dated, 0.75) }
        : null,
    tables: list.map((s, i) => ({
      id: s.id,
      title: s.title,
      counts: s.counts,
      table: suppressed[i]!,
      chartColumn: s.chartColumn ?? (s.columns === STATUS_COLUMNS ? 0 : null),
    })),
  };
}
