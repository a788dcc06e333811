// A small exact integer feasibility solver for the suppression property tests: variables with bounds and
// constraints lo ≤ Σ coef·x ≤ hi (coefficients ±1). Bounds propagation plus binary branching; enough for
// tables of a few rows (an attacker's view of what the published figures allow).

export type Constraint = { terms: [number, number][]; lo: number; hi: number };
export type Problem = { lo: number[]; hi: number[]; constraints: Constraint[] };

function propagate(lo: number[], hi: number[], constraints: Constraint[]): boolean {
  for (let changed = true, rounds = 0; changed && rounds < 60; rounds++) {
    changed = false;
    for (const { terms, lo: clo, hi: chi } of constraints) {
      let min = 0;
      let max = 0;
      for (const [v, a] of terms) {
        min += a > 0 ? a * lo[v]! : a * hi[v]!;
        max += a > 0 ? a * hi[v]! : a * lo[v]!;
      }
      if (min > chi || max < clo) return false;
      for (const [v, a] of terms) {
        // a·x ≤ chi − (min − a's own minimum contribution), a·x ≥ clo − (max − a's own maximum)
        const ownMin = a > 0 ? a * lo[v]! : a * hi[v]!;
        const ownMax = a > 0 ? a * hi[v]! : a * lo[v]!;
        const upper = chi - (min - ownMin); // bound on a·x
        const lower = clo - (max - ownMax);
        const [nlo, nhi] =
          a > 0 ? [Math.ceil(lower / a), Math.floor(upper / a)] : [Math.ceil(upper / a), Math.floor(lower / a)];
        if (nlo > lo[v]!) {
          lo[v] = nlo;
          changed = true;
        }
        if (nhi < hi[v]!) {
          hi[v] = nhi;
          changed = true;
        }
        if (lo[v]! > hi[v]!) return false;
      }
    }
  }
  return true;
}

class BudgetExceeded extends Error {
  constructor() {
    super('solver budget exceeded');
  }
}

/** Whether some integer assignment satisfies every bound and constraint. */
export function feasible(p: Problem, budget = { nodes: 50_000 }): boolean {
  const lo = [...p.lo];
  const hi = [...p.hi];
  if (--budget.nodes < 0) throw new BudgetExceeded();
  if (!propagate(lo, hi, p.constraints)) return false;
  let pick = -1;
  for (let v = 0; v < lo.length; v++) {
    if (lo[v]! < hi[v]! && (pick < 0 || hi[v]! - lo[v]! < hi[pick]! - lo[pick]!)) pick = v;
  }
  if (pick < 0) return true;
  const mid = Math.floor((lo[pick]! + hi[pick]!) / 2);
  const left = { ...p, lo, hi: hi.map((h, i) => (i === pick ? mid : h)) };
  const right = { ...p, lo: lo.map((l, i) => (i === pick ? mid + 1 : l)), hi };
  return feasible(left, budget) || feasible(right, budget);
}

/**
 * Whether the sum of `terms` can take a value other than `actual` in some feasible assignment.
 *
 * One side (below or above the actual value) is often infeasible, and proving that by branching can take
 * far longer than finding an assignment on the other side. So both sides are tried under a small budget
 * first and the budget grows tenfold until one side is found feasible or both are proved infeasible; a
 * single exhaustive search of the infeasible side first once ran past 50,000 nodes (about 1 run in 12).
 */
export function hasOtherValue(p: Problem, terms: [number, number][], actual: number): boolean {
  const sides: Problem[] = [
    { ...p, constraints: [...p.constraints, { terms, lo: -Infinity, hi: actual - 1 }] },
    { ...p, constraints: [...p.constraints, { terms, lo: actual + 1, hi: Infinity }] },
  ];
  const proved = [false, false];
  for (const nodes of [1_000, 10_000, 100_000, 1_000_000]) {
    for (const [i, side] of sides.entries()) {
      if (proved[i]) continue;
      try {
        if (feasible(side, { nodes })) return true;
        proved[i] = true;
      } catch (e) {
        if (!(e instanceof BudgetExceeded)) throw e;
      }
    }
    if (proved[0] && proved[1]) return false;
  }
  throw new BudgetExceeded();
}
