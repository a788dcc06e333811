import { median } from './http';

/**
 * Each page against the static route measured just before it (issue 11, point 6; issue 12): the bench measures every
 * route at the top connection count in rounds, each route right after a measurement of the static route of its own,
 * and a route's share is the median over the rounds of its figure against that measurement.
 *
 * Why rounds: on the 2-core machines the bench runs on, the same build and database gave the same page 5.8 to 9.2 ms
 * of server CPU a request in runs an hour apart (search "motion", PostgreSQL, 7 Dec 2026), while the static route
 * stayed within 0.78-0.88 ms: a page measured once, minutes after the static route, was judged against the targets
 * by whatever the machine was doing in those ten seconds; and in one run measured in rounds with the static route
 * first in each, a round found every page at 40-72% of its share in the round before, within two minutes of that
 * round's static measurement.
 */
export type RoundRow = {
  route: string;
  path: string;
  connections: number;
  /** 1, 2, … at the top connection count; 0 for a row measured once (lower connection counts). */
  round: number;
  /** On a baseline row: the path of the route it was measured just before, and is the baseline of. */
  before?: string;
  rps: number;
  p95: number;
  cpuMsPerRequest: number;
};

export type RoundFigures = {
  /** Requests a second as a percentage of the static route's. */
  share: number;
  /** p95 as a multiple of the static route's p95. */
  times: number;
  /** The static route's server CPU a request over the route's, as a percentage. */
  cpuShare: number;
};

export type RouteShare = RoundFigures & { route: string; path: string; rounds: RoundFigures[] };

/** The median of the finite values, in any order. */
export const medianOf = (values: number[]): number => median(values.filter(Number.isFinite).sort((a, b) => a - b));

/**
 * Every route's figures at the top connection count against the baseline route (`baselinePath`) measured just before
 * it in the same round (the baseline row whose `before` is the route's path), in the order the routes were measured;
 * each figure is the median over the rounds that have both. A round without that baseline row counts for nothing.
 */
export function roundShares(rows: RoundRow[], baselinePath: string): { connections: number; shares: RouteShare[] } {
  const connections = Math.max(...rows.map((r) => r.connections));
  const atTop = rows.filter((r) => r.connections === connections);
  const key = (round: number, path: string) => `${round} ${path}`;
  const baseFor = new Map(
    atTop.filter((r) => r.path === baselinePath && r.before).map((r) => [key(r.round, r.before!), r]),
  );
  const byPath = new Map<string, { route: string; rounds: RoundFigures[] }>();
  for (const r of atTop) {
    if (r.path === baselinePath) continue;
    const base = baseFor.get(key(r.round, r.path));
    const entry = byPath.get(r.path) ?? { route: r.route, rounds: [] };
    byPath.set(r.path, entry);
    if (!base || !(base.rps > 0)) continue;
    entry.rounds.push({
      share: (100 * r.rps) / base.rps,
      times: r.p95 / base.p95,
      cpuShare: (100 * base.cpuMsPerRequest) / r.cpuMsPerRequest,
    });
  }
  const shares = [...byPath].map(([path, { route, rounds }]) => ({
    route,
    path,
    rounds,
    share: medianOf(rounds.map((x) => x.share)),
    times: medianOf(rounds.map((x) => x.times)),
    cpuShare: medianOf(rounds.map((x) => x.cpuShare)),
  }));
  return { connections, shares };
}
