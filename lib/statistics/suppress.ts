// Small-cell suppression for one table of counts with its margins (docs/decisions/0022). Pure: no database,
// no dates, same input, same output — so the same count is hidden the same way in every view that shows it.
//
// 1. Primary: a count of 0–4 is never published ("fewer than 5"). Zero reads the same as 1–4: a published
//    zero is exact knowledge that ties views together (the last known pairs that pinned a hidden count used
//    zeros), and "0" against "fewer than 5" says whether anyone at all matches a filter.
// 2. Secondary (complementary): every hidden count of 1 or more must have at least two values consistent
//    with everything published in the table, its row totals, column totals and grand total, and with what a
//    reader knows of hidden counts (0–4 for "fewer than 5", 5 or more for "hidden"). We check this with a
//    rectangle of hidden entries in the table extended by its margins: moving one unit round the rectangle
//    keeps every published sum, so if the move stays within those bounds, the hidden count has another value.
//    A count without such a rectangle gets the cheapest one (smallest counts, margins last).
//    2b. A row or column total that leaves the hidden counts on its line within MARGIN_SLACK of their
//    floors is hidden too (or the smallest published count on the line, when that is enough): one view
//    still gives them two values, but a second view of nested cases can pin them (decision 0022).
//    2c. The other side: a total (the grand total too) whose line's entries can together be at most
//    MARGIN_SLACK - 1 above the bottom of its band is hidden, as each of them is then near its top.
// 3. Rounding: every published count is rounded to the nearest 5 (5, 6, 7 → 5; 8–12 → 10). Two filtered
//    views then never give an exact difference (a filter on a row's category repeats that row's counts
//    exactly, which would otherwise undo step 2 across views).
// 4. A table of fewer than 5 cases publishes its grand total ("fewer than 5") and nothing else; a table that
//    step 2 cannot protect publishes its grand total only. Every other entry is "not shown", which may be
//    any count, 0 included.

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

/** A count as published: a rounded value, "fewer than 5" (0 to 4), or hidden to protect a small count. */
export type Shown =
  | { kind: 'count'; value: number }
  | { kind: 'small' }
  | { kind: 'hidden' }
  /**
   * Not shown because the table as a whole has too few cases to protect cell by cell: it may be any count,
   * 0 included ("fewer than 5" markers alone can pin a count when nothing else is hidden around them).
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
  /** Too few cases to protect cell by cell (or fewer than 5 in all): only the grand total is published. */
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
  // Anything unpublished counts as hidden; so does every small published count, zero included.
  const hidden = values.map((row, r) => row.map((v, c) => !published[r]![c] || isSmall(v)));
  return { values, published, hidden, R, C };
}

const isSmall = (v: number) => v < THRESHOLD;

/** What a reader knows of an entry they cannot see. */
function bounds(g: Grid, r: number, c: number): [number, number] {
  const v = g.values[r]![c]!;
  if (!g.published[r]![c]) return [0, Infinity];
  return isSmall(v) ? [0, THRESHOLD - 1] : [THRESHOLD, Infinity];
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

/** Rectangles through (r, c) in which every corner could be hidden. */
function* rectanglesThrough(g: Grid, r: number, c: number): Generator<Rect> {
  for (let r2 = 0; r2 <= g.R; r2++) {
    if (r2 === r) continue;
    for (let c2 = 0; c2 <= g.C; c2++) {
      if (c2 === c) continue;
      yield rectangle(g, r, c, r2, c2);
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
  const top = (r: number, c: number) =>
    !g.published[r]![c] ? Infinity : isSmall(g.values[r]![c]!) ? THRESHOLD - 1 : roundCount(g.values[r]![c]!) + 2;
  const full = (line: [number, number][], total: number) =>
    line.some(([r, c]) => g.hidden[r]![c] && g.values[r]![c]! > 0) &&
    line.reduce((sum, [r, c]) => sum + top(r, c), 0) - Math.max(THRESHOLD, roundCount(total) - 2) < MARGIN_SLACK;
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
    // 2c. The other side: the bottom of a published total's band, less the most every other entry on its
    // line can be, is a floor under each hidden count there. Where the line's entries can together be at
    // most a count or two above the total's floor, each is within that of its top. A "hidden" count has no
    // top in its own view, but a filter on its row repeats it, rounded, in another: so its top is taken to be
    // its band's. Hiding a count on the line does not change that; the total itself is hidden (the grand
    // total too: its lines are the row totals and the column totals).
    for (const [r, c] of [...margins, at(g.R, g.C)]) {
      const v = g.values[r]![c]!;
      if (!g.published[r]![c] || g.hidden[r]![c] || v === 0) continue;
      const lines =
        r === g.R && c === g.C ? [rows.map((rr) => at(rr, g.C)), cols.map((cc) => at(g.R, cc))] : [line(r, c)];
      if (!lines.some((cells) => full(cells, v))) continue;
      g.hidden[r]![c] = true;
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
        // A zero needs no second value: it is nobody. It reads "fewer than 5" so that it ties nothing together.
        if (g.hidden[r]![c] && g.published[r]![c] && g.values[r]![c]! > 0 && !isProtected(g, r, c))
          exposed.push([r, c]);
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

function show(g: Grid, r: number, c: number): Shown {
  const v = g.values[r]![c]!;
  if (!g.published[r]![c]) return { kind: 'none' };
  if (isSmall(v)) return { kind: 'small' };
  if (g.hidden[r]![c]) return { kind: 'hidden' };
  return { kind: 'count', value: roundCount(v) };
}

/**
 * The table as it may be published. `forceHidden` (extended coordinates: row `rows.length` is the column
 * totals, column `columns.length` the row totals) hides entries another table shows the same count of,
 * so a count hidden in one table is not given away by the next. `withhold` publishes the grand total only
 * (a table whose rows would only repeat its totals). `keepColumnTotals`: the column totals and grand total
 * are the same counts as other tables' (a breakdown of the same cases by place); if protecting this table
 * would hide one of them, it publishes its grand total only instead, rather than hide them in every table.
 */
export function suppressTable(
  t: CountTable,
  forceHidden: readonly (readonly [number, number])[] = [],
  { withhold = false, keepColumnTotals = false }: { withhold?: boolean; keepColumnTotals?: boolean } = {},
): SuppressedTable {
  const g = extend(t);
  const { R, C } = g;
  for (const [r, c] of forceHidden) if (g.values[r]?.[c]) g.hidden[r]![c] = true;
  const grandHiddenElsewhere = g.hidden[R]![C]! && g.published[R]![C]! && !isSmall(g.values[R]![C]!);
  const totalsHidden = () => g.hidden[R]!.filter((h, c) => h && g.published[R]![c] && g.values[R]![c]! > 0).length;
  const hiddenBefore = totalsHidden();
  // A table of fewer than 5 cases, or one that cannot be protected cell by cell, shows its grand total only:
  // "fewer than 5" markers can pin a count when nothing else is hidden around them.
  const all =
    withhold || g.values[R]![C]! < THRESHOLD || !protect(g) || (keepColumnTotals && totalsHidden() > hiddenBefore);
  if (all) {
    // It publishes nothing a count hidden here could be worked out from, so it hides nothing in the other
    // tables; its grand total is shown unless another table hides that.
    const grandTotal = !g.published[R]![C]
      ? ({ kind: 'none' } as const)
      : isSmall(g.values[R]![C]!)
        ? ({ kind: 'small' } as const)
        : grandHiddenElsewhere
          ? ({ kind: 'hidden' } as const)
          : { kind: 'count' as const, value: roundCount(g.values[R]![C]!) };
    const withheld: Shown = { kind: 'withheld' };
    return {
      rows: t.rows,
      columns: t.columns,
      cells: t.rows.map(() => t.columns.map(() => withheld)),
      rowTotals: t.rowTotals ? t.rows.map(() => withheld) : null,
      columnTotals: t.columnTotals ? t.columns.map(() => withheld) : null,
      grandTotal,
      secondary: 0,
      withheld: true,
      hiddenAt: [],
    };
  }
  let secondary = 0;
  g.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (g.published[r]![c] && v >= THRESHOLD && g.hidden[r]![c]) secondary++;
    }),
  );
  return {
    rows: t.rows,
    columns: t.columns,
    cells: t.rows.map((_, r) => t.columns.map((__, c) => show(g, r, c))),
    rowTotals: t.rowTotals ? t.rows.map((_, r) => show(g, r, C)) : null,
    columnTotals: t.columnTotals ? t.columns.map((_, c) => show(g, R, c)) : null,
    grandTotal: show(g, R, C),
    secondary,
    withheld: false,
    hiddenAt: g.values.flatMap((row, r) =>
      row.flatMap((v, c) => (g.published[r]![c] && v > 0 && g.hidden[r]![c] ? [[r, c] as [number, number]] : [])),
    ),
  };
}

/** A published count as text: "fewer than 5", "hidden", or the rounded number. */
export function shownText(s: Shown): string {
  switch (s.kind) {
    case 'count':
      return s.value.toLocaleString('en-GB');
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

/** The number behind a published count when it has one (the rounded value), else null. */
export const shownValue = (s: Shown): number | null => (s.kind === 'count' ? s.value : null);

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
