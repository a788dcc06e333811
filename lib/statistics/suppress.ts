// Small-cell suppression for one table of counts with its margins (docs/decisions/0022). Pure: no database,
// no dates, same input, same output — so the same count is hidden the same way in every view that shows it.
//
// 1. Primary: a count of 1–4 is never published ("fewer than 5"). Zero is shown.
// 2. Secondary (complementary): every hidden count must have at least two values consistent with
//    everything published in the table, its row totals, column totals and grand total, and with what a
//    reader knows of hidden counts (1–4 for "fewer than 5", 5 or more for "hidden"). We check this with a
//    rectangle of hidden entries in the table extended by its margins: moving one unit round the rectangle
//    keeps every published sum, so if the move stays within those bounds, the hidden count has another value.
//    A count without such a rectangle gets the cheapest one (smallest counts, margins last).
//    2b. A row or column total that leaves the hidden counts on its line within MARGIN_SLACK of their
//    floors is hidden too (or the smallest published count on the line, when that is enough): one view
//    still gives them two values, but a second view of nested cases can pin them (decision 0022).
// 3. Rounding: every published count is rounded to the nearest 5 (5, 6, 7 → 5; 8–12 → 10). Two filtered
//    views then never give an exact difference (a filter on a row's category repeats that row's counts
//    exactly, which would otherwise undo step 2 across views).
// 4. A table that step 2 cannot protect (too few cases) publishes its grand total only; every other entry
//    is "not shown", which may be any count, 0 included.

export const THRESHOLD = 5;
export const ROUND_TO = 5;
/** A hidden count's room under a published total on its line, below which that total is hidden too (step 2b). */
export const MARGIN_SLACK = 3;

export type CountTable = {
  rows: readonly string[];
  columns: readonly string[];
  /** cells[row][column], whole non-negative counts. */
  cells: readonly (readonly number[])[];
  /** Whether each row's total is published (a table with one column publishes none: it is the cell). */
  rowTotals: boolean;
  /** Whether each column's total (and the grand total) is published. */
  columnTotals: boolean;
};

/** A count as published: a rounded value, zero, "fewer than 5", or hidden to protect a small count. */
export type Shown =
  | { kind: 'count'; value: number }
  | { kind: 'zero' }
  | { kind: 'small' }
  | { kind: 'hidden' }
  /**
   * Not shown because the table as a whole has too few cases to protect cell by cell: it may be any count,
   * 0 included (zeros and "fewer than 5" markers alone can pin a count: four cells of "fewer than 5" under
   * a total of "fewer than 5" are each 1).
   */
  | { kind: 'withheld' }
  /** A margin the table does not publish at all. */
  | { kind: 'none' };

export type SuppressedTable = {
  rows: readonly string[];
  columns: readonly string[];
  cells: Shown[][];
  rowTotals: Shown[] | null;
  columnTotals: Shown[] | null;
  grandTotal: Shown;
  /** How many counts were hidden besides the small ones (for the page's note). */
  secondary: number;
  /** Too few cases to protect cell by cell: only the grand total is published (the page says so). */
  withheld: boolean;
  /** Entries hidden (small or not), in extended coordinates, for keeping shared counts consistent. */
  hiddenAt: [number, number][];
};

type Grid = { values: number[][]; published: boolean[][]; hidden: boolean[][]; R: number; C: number };

/** The table extended by its margins: row R holds the column totals, column C the row totals. */
function extend(t: CountTable): Grid {
  const R = t.rows.length;
  const C = t.columns.length;
  const values = Array.from({ length: R + 1 }, () => new Array<number>(C + 1).fill(0));
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const v = t.cells[r]?.[c] ?? 0;
      if (!Number.isInteger(v) || v < 0) throw new Error('Counts are whole numbers, 0 or more');
      values[r]![c] = v;
      values[r]![C] = values[r]![C]! + v;
      values[R]![c] = values[R]![c]! + v;
      values[R]![C] = values[R]![C]! + v;
    }
  }
  const published = values.map((row, r) =>
    row.map((_, c) => (r < R && c < C) || (r < R ? t.rowTotals : t.columnTotals)),
  );
  // Anything unpublished counts as hidden; so does every small published count.
  const hidden = values.map((row, r) => row.map((v, c) => !published[r]![c] || isSmall(v)));
  return { values, published, hidden, R, C };
}

const isSmall = (v: number) => v > 0 && v < THRESHOLD;

/** What a reader knows of an entry they cannot see. */
function bounds(g: Grid, r: number, c: number): [number, number] {
  const v = g.values[r]![c]!;
  if (!g.published[r]![c]) return [0, Infinity];
  return isSmall(v) ? [1, THRESHOLD - 1] : [THRESHOLD, Infinity];
}

type Rect = { corners: [number, number][]; moves: number[] };

/** The four corners of the rectangle (r1,c1)–(r2,c2) and how each moves when the first goes up by one. */
function rectangle(g: Grid, r1: number, c1: number, r2: number, c2: number): Rect {
  const corners: [number, number][] = [
    [r1, c1],
    [r1, c2],
    [r2, c1],
    [r2, c2],
  ];
  // In the extended table each margin is the sum of its line: with margins counted negatively every line
  // sums to zero, and +1 −1 −1 +1 round a rectangle keeps it so.
  const sign = (r: number, c: number) => (r === g.R ? -1 : 1) * (c === g.C ? -1 : 1);
  const pattern = [1, -1, -1, 1];
  const raw = corners.map(([r, c], i) => pattern[i]! * sign(r, c));
  return { corners, moves: raw.map((m) => m * raw[0]!) };
}

function rectangleWorks(g: Grid, rect: Rect): boolean {
  return [1, -1].some((dir) =>
    rect.corners.every(([r, c], i) => {
      const [lo, hi] = bounds(g, r, c);
      const next = g.values[r]![c]! + dir * rect.moves[i]!;
      return next >= lo && next <= hi;
    }),
  );
}

/** Rectangles through (r, c) in which every corner could be hidden (a published zero never is). */
function* rectanglesThrough(g: Grid, r: number, c: number): Generator<Rect> {
  for (let r2 = 0; r2 <= g.R; r2++) {
    if (r2 === r) continue;
    for (let c2 = 0; c2 <= g.C; c2++) {
      if (c2 === c) continue;
      const rect = rectangle(g, r, c, r2, c2);
      const hideable = rect.corners.every(([rr, cc]) => g.hidden[rr]![cc] || g.values[rr]![cc]! > 0);
      if (hideable) yield rect;
    }
  }
}

const isProtected = (g: Grid, r: number, c: number) => {
  for (const rect of hiddenRectanglesThrough(g, r, c)) if (rectangleWorks(g, rect)) return true;
  return false;
};

function* hiddenRectanglesThrough(g: Grid, r: number, c: number): Generator<Rect> {
  for (const rect of rectanglesThrough(g, r, c)) {
    if (rect.corners.every(([rr, cc]) => g.hidden[rr]![cc])) yield rect;
  }
}

/** What hiding the rectangle's visible corners costs the reader: their counts, margins dearer, the grand total most. */
function cost(g: Grid, rect: Rect): number {
  return rect.corners.reduce((sum, [r, c]) => {
    if (g.hidden[r]![c]) return sum;
    const weight = r === g.R && c === g.C ? 1000 : r === g.R || c === g.C ? 10 : 1;
    return sum + weight * (g.values[r]![c]! + 1);
  }, 0);
}

/**
 * A published total bounds the hidden counts on its line from above: each is at most the top of the
 * total's rounding band less the least every other entry can be (1 for "fewer than 5", 5 for "hidden", the
 * bottom of a published count's band). When that leaves a hidden count less than MARGIN_SLACK above its
 * own floor, one view still gives it two values, but a second view of nested cases (a filter on an
 * attribute, or on the table's own row) can take the last one away. Such a total is hidden too, or the
 * smallest published count on its line when hiding that is enough.
 */
function hideTightMargins(g: Grid): void {
  const floor = (r: number, c: number) => {
    const v = g.values[r]![c]!;
    if (v === 0) return 0;
    if (g.hidden[r]![c]) return bounds(g, r, c)[0];
    return Math.max(THRESHOLD, roundCount(v) - 2);
  };
  const tight = (line: [number, number][], total: number) =>
    line.some(([r, c]) => g.hidden[r]![c] && g.values[r]![c]! > 0) &&
    roundCount(total) + 2 - line.reduce((sum, [r, c]) => sum + floor(r, c), 0) < MARGIN_SLACK;
  const rows = [...Array(g.R).keys()];
  const cols = [...Array(g.C).keys()];
  const at = (r: number, c: number): [number, number] => [r, c];
  // A row total's line is its row's cells; a column total's, its column's. The grand total is left to step 2:
  // hiding it for its room would take the headline figure (how many cases) from every small network.
  const line = (r: number, c: number): [number, number][] =>
    r < g.R ? cols.map((cc) => at(r, cc)) : rows.map((rr) => at(rr, c));
  const margins = [...rows.map((r) => at(r, g.C)), ...cols.map((c) => at(g.R, c))];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [r, c] of margins) {
      const v = g.values[r]![c]!;
      if (!g.published[r]![c] || g.hidden[r]![c] || v === 0) continue;
      const cells = line(r, c);
      if (!tight(cells, v)) continue;
      // The smallest published count on the line is hidden instead when that gives the room (a hidden
      // count's floor, 5, is below a published one's from 10 up); otherwise the total itself.
      const instead = cells
        .filter(([rr, cc]) => !g.hidden[rr]![cc] && g.values[rr]![cc]! > 0)
        .sort((a, b) => g.values[a[0]]![a[1]]! - g.values[b[0]]![b[1]]!)
        .find(([rr, cc]) => {
          g.hidden[rr]![cc] = true;
          if (!tight(cells, v)) return true;
          g.hidden[rr]![cc] = false;
          return false;
        });
      if (!instead) g.hidden[r]![c] = true;
      changed = true;
    }
  }
}

function protect(g: Grid): boolean {
  for (;;) {
    hideTightMargins(g);
    const exposed: [number, number][] = [];
    g.values.forEach((row, r) =>
      row.forEach((_, c) => {
        if (g.hidden[r]![c] && g.published[r]![c] && !isProtected(g, r, c)) exposed.push([r, c]);
      }),
    );
    if (exposed.length === 0) return true;
    // The smallest first: its rectangle often protects the others.
    exposed.sort((a, b) => g.values[a[0]]![a[1]]! - g.values[b[0]]![b[1]]!);
    const [r, c] = exposed[0]!;
    let best: Rect | null = null;
    for (const rect of rectanglesThrough(g, r, c)) {
      if (rectangleWorks(g, rect) && (!best || cost(g, rect) < cost(g, best))) best = rect;
    }
    if (!best) return false;
    for (const [rr, cc] of best.corners) g.hidden[rr]![cc] = true;
  }
}

export const roundCount = (v: number) => Math.max(THRESHOLD, Math.round(v / ROUND_TO) * ROUND_TO);

function show(g: Grid, r: number, c: number, all: boolean): Shown {
  const v = g.values[r]![c]!;
  if (!g.published[r]![c]) return { kind: 'none' };
  if (all && !(r === g.R && c === g.C)) return { kind: 'withheld' };
  if (v === 0) return { kind: 'zero' };
  if (isSmall(v)) return { kind: 'small' };
  if (g.hidden[r]![c]) return { kind: 'hidden' };
  return { kind: 'count', value: roundCount(v) };
}

/**
 * The table as it may be published. `forceHidden` (extended coordinates: row `rows.length` is the column
 * totals, column `columns.length` the row totals) hides entries another table shows the same count of,
 * so a count hidden in one table is not given away by the next.
 */
export function suppressTable(
  t: CountTable,
  forceHidden: readonly (readonly [number, number])[] = [],
): SuppressedTable {
  const g = extend(t);
  for (const [r, c] of forceHidden) if (g.values[r]?.[c]) g.hidden[r]![c] = true;
  // A table that cannot be protected cell by cell (too few cases) shows its grand total only: even zeros and
  // "fewer than 5" markers can pin a count when nothing else is hidden around them.
  const all = !protect(g);
  const { R, C } = g;
  let secondary = 0;
  g.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (g.published[r]![c] && v >= THRESHOLD && (all || g.hidden[r]![c])) secondary++;
    }),
  );
  return {
    rows: t.rows,
    columns: t.columns,
    cells: t.rows.map((_, r) => t.columns.map((__, c) => show(g, r, c, all))),
    rowTotals: t.rowTotals ? t.rows.map((_, r) => show(g, r, C, all)) : null,
    columnTotals: t.columnTotals ? t.columns.map((_, c) => show(g, R, c, all)) : null,
    grandTotal: show(g, R, C, all),
    secondary,
    withheld: all,
    hiddenAt: g.values.flatMap((row, r) =>
      row.flatMap((v, c) =>
        g.published[r]![c] && v > 0 && (all || g.hidden[r]![c]) ? [[r, c] as [number, number]] : [],
      ),
    ),
  };
}

/** A published count as text: "fewer than 5", "hidden", or the rounded number. */
export function shownText(s: Shown): string {
  switch (s.kind) {
    case 'count':
      return s.value.toLocaleString('en-GB');
    case 'zero':
      return '0';
    case 'small':
      return 'fewer than 5';
    case 'hidden':
      return 'hidden';
    case 'withheld':
      return 'not shown';
    case 'none':
      return '';
  }
}

/** The number behind a published count when it has one (0 or the rounded value), else null. */
export const shownValue = (s: Shown): number | null => (s.kind === 'count' ? s.value : s.kind === 'zero' ? 0 : null);

/**
 * A share as a whole percentage, from published counts only: null (not shown) when either is hidden
 * or the base is zero.
 */
export function shownPercent(part: Shown, whole: Shown): number | null {
  const p = shownValue(part);
  const w = shownValue(whole);
  if (p === null || w === null || w === 0) return null;
  return Math.round((100 * p) / w);
}
