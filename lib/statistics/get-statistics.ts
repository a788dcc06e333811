import { db } from '../db/client';
import { writeAudit } from '../audit/write-audit';
import { assertActor, canViewStatistics, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { NotFoundError } from '../errors';
import { todayInUk } from '../dates/uk-today';
import { findFilterOptions } from '../cases/find-filter-options';
import { loadCaseFacts } from './case-facts';
import { buildStatistics, type Names, type Statistics } from './build-statistics';
import { describeFilters } from './describe-filters';
import { FILTER_KEYS, filtersQuery, type StatisticsFilters } from './filters';
import type { CaseFact } from './case-facts';

export type StatisticsView = {
  statistics: Statistics;
  /** "Every case in the network" or "Only the cases assigned to you". */
  scope: string;
  /** The filters in words, one per line ("Role held: Branch officer…"); empty when none. */
  filterLines: string[];
  /** Today, as the figures were worked out (UK date, "YYYY-MM-DD"). */
  asOf: string;
};

// The figures are a pure function of the facts (kept a minute per scope), the region and branch names (kept
// 30 s, forgotten when one changes), the filters and the day: the same view asked again meanwhile is not
// counted and suppressed again. Keyed by the facts array itself, so it goes when they do.
const built = new WeakMap<CaseFact[], { names: object; views: Map<string, Statistics> }>();
const MAX_VIEWS = 200;

function statisticsFor(
  facts: CaseFact[],
  filters: StatisticsFilters,
  options: object,
  names: Names,
  asOf: string,
): Statistics {
  let entry = built.get(facts);
  if (!entry || entry.names !== options || entry.views.size >= MAX_VIEWS) {
    entry = { names: options, views: new Map() };
    built.set(facts, entry);
  }
  const key = `${asOf}${filtersQuery(filters)}`;
  let statistics = entry.views.get(key);
  if (!statistics) {
    statistics = buildStatistics(facts, filters, names, new Date(`${asOf}T12:00:00Z`));
    entry.views.set(key, statistics);
  }
  return statistics;
}

const ACTIONS = { page: 'statistics.view', csv: 'statistics.csv', report: 'statistics.report' } as const;

/**
 * The statistics a reader may see, audited as viewed or downloaded. Not allowed (a member) is "not
 * found", like every record the reader may not open.
 */
export async function getStatistics(
  actor: Actor,
  filters: StatisticsFilters,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
  purpose: keyof typeof ACTIONS,
): Promise<StatisticsView> {
  assertActor(actor);
  if (!canViewStatistics(actor)) throw new NotFoundError();
  const asOf = todayInUk();
  const [facts, options] = await Promise.all([loadCaseFacts(actor), findFilterOptions(false)]);
  const names = {
    regions: new Map(options.regions.map((r) => [r.id, r.name])),
    branches: new Map(options.branches.map((b) => [b.id, b.name])),
  };
  const statistics = statisticsFor(facts, filters, options, names, asOf);
  await writeAudit(db, {
    actorId: actor.id,
    action: ACTIONS[purpose],
    entityType: 'Statistics',
    entityId: actor.role === 'COORDINATOR' ? 'network' : actor.id,
    // Which filters were used, never their values (a branch or a role narrows to people).
    fields: FILTER_KEYS.filter((k) => filters[k]),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return {
    statistics,
    scope: actor.role === 'COORDINATOR' ? 'Every case in the network' : 'Only the cases assigned to you',
    filterLines: describeFilters(filters, names),
    asOf,
  };
}
