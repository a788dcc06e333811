import { medianOf, roundShares, type RoundRow } from '../../scripts/bench/shares';

// The bench's verdict on the page targets (issue 11, point 6; issue 12): each route against the static route measured
// just before it in the same round, the median over the rounds.

const row = (path: string, round: number, rps: number, p95: number, cpu: number, before?: string): RoundRow => ({
  route: path,
  path,
  connections: round ? 16 : 1,
  round,
  before,
  rps,
  p95,
  cpuMsPerRequest: cpu,
});
const S = '/bench-static';

test('medianOf: the middle value, the mean of the two middle ones, NaN for none', () => {
  expect(medianOf([3, 1, 2])).toBe(2);
  expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  expect(medianOf([])).toBeNaN();
  expect(medianOf([NaN, 5])).toBe(5);
});

test('each route is judged against the static route measured just before it, the medians over the rounds', () => {
  const rows = [
    row(S, 0, 2000, 1, 0.5),
    row('/cases', 0, 100, 10, 8),
    // Round 1: a fast machine for both; round 2: a slow one for both; round 3: the page's worst round.
    row(S, 1, 2000, 10, 1, '/cases'),
    row('/cases', 1, 240, 70, 8),
    row(S, 2, 1000, 20, 2, '/cases'),
    row('/cases', 2, 120, 140, 16),
    row(S, 3, 2000, 10, 1, '/cases'),
    row('/cases', 3, 160, 100, 12),
  ];
  const { connections, shares } = roundShares(rows, S);
  expect(connections).toBe(16);
  expect(shares).toHaveLength(1);
  const cases = shares[0]!;
  expect(cases.rounds.map((r) => r.share)).toEqual([12, 12, 8]);
  expect(cases.share).toBe(12);
  expect(cases.rounds.map((r) => r.times)).toEqual([7, 7, 10]);
  expect(cases.times).toBe(7);
  expect(cases.cpuShare).toBeCloseTo(12.5);
});

test("a route is judged against its own static measurement, never another's; routes keep the order they were measured in", () => {
  const rows = [
    row(S, 1, 2000, 10, 1, '/statistics'),
    row('/statistics', 1, 200, 70, 8),
    row(S, 1, 1000, 20, 2, '/cases'),
    row('/cases', 1, 120, 100, 9),
  ];
  const { shares } = roundShares(rows, S);
  expect(shares.map((s) => [s.path, s.share, s.times])).toEqual([
    ['/statistics', 10, 7],
    ['/cases', 12, 5],
  ]);
});

test('a round without its static measurement counts for nothing; a single round is that round', () => {
  const rows = [row('/cases', 1, 200, 50, 8), row(S, 2, 2000, 10, 1, '/cases'), row('/cases', 2, 150, 90, 9)];
  const { shares } = roundShares(rows, S);
  expect(shares[0]!.rounds).toHaveLength(1);
  expect(shares[0]!.share).toBe(7.5);
  expect(shares[0]!.times).toBe(9);
});
