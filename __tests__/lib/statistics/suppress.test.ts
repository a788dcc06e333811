import fc from 'fast-check';
import { suppressTable, THRESHOLD, type Shown, type SuppressedTable } from '@/lib/statistics/suppress';
import { hasOtherValue, type Constraint, type Problem } from './int-solver';

// The attacker of docs/decisions/0022: they know every published figure, the table's arithmetic (rows and
// columns add up to their totals) and what each marker means, and solve for the hidden counts.

const count = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 2, arbitrary: fc.integer({ min: 5, max: 14 }) },
);

/** The published entries of the extended table, row-major: cells, then row totals, then the column totals row. */
function entries(s: SuppressedTable): Shown[][] {
  const none: Shown = { kind: 'none' };
  return [
    ...s.cells.map((row, r) => [...row, s.rowTotals?.[r] ?? none]),
    [...(s.columnTotals ?? s.columns.map(() => none)), s.columnTotals ? s.grandTotal : none],
  ];
}

function extendedValues(cells: number[][]): number[][] {
  const C = cells[0]!.length;
  const rows = cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: C + 1 }, (_, c) => rows.reduce((a, row) => a + row[c]!, 0));
  return [...rows, totals];
}

/** What a reader may conclude from a marker, for one published entry; `exact`: published counts are exact. */
function knowledge(shown: Shown, exact: number, cap: number, exactCounts: boolean): [number, number] {
  switch (shown.kind) {
    case 'count':
      return exactCounts ? [exact, exact] : [Math.max(THRESHOLD, shown.value - 2), shown.value + 2];
    case 'small':
      return [0, THRESHOLD - 1];
    case 'hidden':
      return [THRESHOLD, cap];
    case 'withheld':
    case 'none':
      return [0, cap];
  }
}

function checkPublishedValues(s: SuppressedTable, values: number[][]) {
  entries(s).forEach((row, r) =>
    row.forEach((shown, c) => {
      const v = values[r]![c]!;
      if (shown.kind === 'count') {
        expect(shown.value).toBeGreaterThanOrEqual(THRESHOLD);
        // Rounded to 5, by the rule the attacker below assumes (not by calling the code under test).
        expect([v, shown.value % 5, Math.abs(shown.value - v) <= 2]).toEqual([v, 0, true]);
      }
      // 0 reads "fewer than 5" too: a published zero would be exact knowledge tying two views together.
      if (shown.kind !== 'none' && shown.kind !== 'withheld' && v < THRESHOLD) expect(shown.kind).toBe('small');
    }),
  );
}

const tableArb = fc
  .record({ R: fc.integer({ min: 1, max: 4 }), C: fc.integer({ min: 1, max: 3 }), columnTotals: fc.boolean() })
  .chain(({ R, C, columnTotals }) =>
    fc.record({
      cells: fc.array(fc.array(count, { minLength: C, maxLength: C }), { minLength: R, maxLength: R }),
      columnTotals: fc.constant(columnTotals),
    }),
  );

test('no published count is below 5, and every count of 0–4 reads "fewer than 5"', () => {
  fc.assert(
    fc.property(tableArb, ({ cells, columnTotals }) => {
      const rows = cells.map((_, i) => `r${i}`);
      const columns = cells[0]!.map((_, i) => `c${i}`);
      const s = suppressTable({ rows, columns, cells, rowTotals: columns.length > 1, columnTotals });
      checkPublishedValues(s, extendedValues(cells));
    }),
    { numRuns: 300 },
  );
});

test('one table: no hidden count can be worked out from the published cells and totals, even taken as exact', () => {
  fc.assert(
    fc.property(tableArb, ({ cells, columnTotals }) => {
      const rows = cells.map((_, i) => `r${i}`);
      const columns = cells[0]!.map((_, i) => `c${i}`);
      const s = suppressTable({ rows, columns, cells, rowTotals: columns.length > 1, columnTotals });
      const values = extendedValues(cells);
      const shown = entries(s);
      const R = rows.length;
      const C = columns.length;
      const id = (r: number, c: number) => r * (C + 1) + c;
      const cap = values[R]![C]! * 3 + 20;
      const lo: number[] = [];
      const hi: number[] = [];
      shown.forEach((row, r) =>
        row.forEach((e, c) => {
          [lo[id(r, c)], hi[id(r, c)]] = knowledge(e, values[r]![c]!, cap, true);
        }),
      );
      const constraints: Constraint[] = [];
      for (let r = 0; r <= R; r++) {
        const terms: [number, number][] = columns.map((_, c) => [id(r, c), 1]);
        constraints.push({ terms: [...terms, [id(r, C), -1]], lo: 0, hi: 0 });
      }
      for (let c = 0; c <= C; c++) {
        const terms: [number, number][] = rows.map((_, r) => [id(r, c), 1]);
        constraints.push({ terms: [...terms, [id(R, c), -1]], lo: 0, hi: 0 });
      }
      const problem: Problem = { lo, hi, constraints };
      shown.forEach((row, r) =>
        row.forEach((e, c) => {
          // A zero behind "fewer than 5" is nobody: only counts of 1 or more must keep a second value.
          if ((e.kind === 'small' || e.kind === 'hidden') && values[r]![c]! > 0) {
            expect([r, c, hasOtherValue(problem, [[id(r, c), 1]], values[r]![c]!)]).toEqual([r, c, true]);
          }
        }),
      );
    }),
    { numRuns: 300 },
  );
});

// Two filtered views of the same cases. Each case has a row, a column and another attribute (a) that
// filters choose on (b has one value, kept so more attributes are a one-line change; the exact search grows
// fast with them); a filter may also pick one row (a filter on the table's own dimension, which repeats
// that row's counts exactly).
type Filter = { a?: number; b?: number; row?: number };
const A_VALUES = 2;
const B_VALUES = 1;

const viewArb = (R: number): fc.Arbitrary<Filter> =>
  fc.record(
    {
      a: fc.integer({ min: 0, max: A_VALUES - 1 }),
      b: fc.integer({ min: 0, max: B_VALUES - 1 }),
      row: fc.integer({ min: 0, max: R - 1 }),
    },
    { requiredKeys: [] },
  );

const pairArb = fc.record({ R: fc.integer({ min: 1, max: 3 }), C: fc.integer({ min: 1, max: 2 }) }).chain(({ R, C }) =>
  fc.record({
    R: fc.constant(R),
    C: fc.constant(C),
    // atoms[r][c][a][b]: how many cases have that row, column and attributes.
    atoms: fc.array(
      fc.array(
        fc.array(
          fc.array(fc.integer({ min: 0, max: Number(process.env.ATOM_MAX ?? 3) }), {
            minLength: B_VALUES,
            maxLength: B_VALUES,
          }),
          {
            minLength: A_VALUES,
            maxLength: A_VALUES,
          },
        ),
        { minLength: C, maxLength: C },
      ),
      { minLength: R, maxLength: R },
    ),
    views: fc.tuple(viewArb(R), viewArb(R)),
  }),
);

type TwoViews = { R: number; C: number; atoms: number[][][][]; views: [Filter, Filter] };

/** The hidden counts (with their actual values) of two filtered views that both views together pin to one value. */
function pinnedAcrossViews({ R, C, atoms, views }: TwoViews): number[] {
  const atomId = (r: number, c: number, a: number, b: number) => ((r * C + c) * A_VALUES + a) * B_VALUES + b;
  const all = atoms.flat(3).reduce((x, y) => x + y, 0);
  const cap = all + 5;
  // Each group of cases is at most 6 here: an attacker who knew that would know more than a real one,
  // so a count that still has two values under it has them without it (and the search stays small).
  const lo = atoms.flat(3).map(() => 0);
  const hi = atoms.flat(3).map(() => 6);
  const constraints: Constraint[] = [];
  const targets: { terms: [number, number][]; actual: number }[] = [];
  for (const f of views) {
    const inView = (r: number, a: number, b: number) =>
      (f.a === undefined || f.a === a) && (f.b === undefined || f.b === b) && (f.row === undefined || f.row === r);
    // The terms (atoms) behind each entry of the view's extended table.
    const terms = (rows: number[], cols: number[]) => {
      const out: [number, number][] = [];
      for (const r of rows)
        for (const c of cols)
          for (let a = 0; a < A_VALUES; a++)
            for (let b = 0; b < B_VALUES; b++) if (inView(r, a, b)) out.push([atomId(r, c, a, b), 1]);
      return out;
    };
    const rowIdx = [...Array(R).keys()];
    const colIdx = [...Array(C).keys()];
    const cells = rowIdx.map((r) => colIdx.map((c) => terms([r], [c]).reduce((s, [id]) => s + atoms.flat(3)[id]!, 0)));
    const s = suppressTable({
      rows: rowIdx.map(String),
      columns: colIdx.map(String),
      cells,
      rowTotals: C > 1,
      columnTotals: true,
    });
    const values = extendedValues(cells);
    checkPublishedValues(s, values);
    entries(s).forEach((row, r) =>
      row.forEach((shown, c) => {
        const t = terms(r === R ? rowIdx : [r], c === C ? colIdx : [c]);
        const [klo, khi] = knowledge(shown, values[r]![c]!, cap, false);
        if (shown.kind !== 'none') constraints.push({ terms: t, lo: klo, hi: khi });
        if ((shown.kind === 'small' || shown.kind === 'hidden') && values[r]![c]! > 0)
          targets.push({ terms: t, actual: values[r]![c]! });
      }),
    );
  }
  const problem: Problem = { lo, hi, constraints };
  return targets.filter((t) => !hasOtherValue(problem, t.terms, t.actual)).map((t) => t.actual);
}

// 150 pairs in CI. The searches of decision 0022 ran it longer: PAIRS=100000 SEED=32 (ATOM_MAX=2 for sparser,
// smaller views), with `-t 'two filtered views'`.
test('two filtered views: no hidden count of either can be worked out from both together', () => {
  fc.assert(
    fc.property(pairArb, (pair) => {
      expect(pinnedAcrossViews(pair as TwoViews)).toEqual([]);
    }),
    { numRuns: Number(process.env.PAIRS ?? 150), seed: process.env.SEED ? Number(process.env.SEED) : undefined },
  );
});

// Pairs of views that pinned hidden counts before step 2b (a total that leaves its line's hidden counts little
// room is hidden, or a count on its line): the first, at fast-check seed -200584760, pinned all 12 hidden
// counts of two views of 9 and 7 cases. Filtered on a = 1, row 0 reads [fewer than 5, fewer than 5] under a
// hidden total (so at least 5), and column 0's total is "fewer than 5". Filtered on row 0 (every a), the same
// row reads [hidden, fewer than 5] under a total published as 5 (5-7): its second cell is 1 or 2 for every a
// together. Then the first view's row 0 is at least 5 - 2 = 3 in column 0, and at most 4 - 1 = 3 by the
// column's total; every other hidden count follows. Each view alone protected every count. The rest were found
// by running the property above over about 400,000 generated pairs (about 1 in 60,000 leaked).
const PINNED_BEFORE: TwoViews[] = [
  {
    R: 3,
    C: 2,
    atoms: [
      [
        [[0], [2]],
        [[2], [3]],
      ],
      [
        [[2], [3]],
        [[2], [1]],
      ],
      [
        [[0], [0]],
        [[0], [1]],
      ],
    ],
    views: [{ b: 0 }, { a: 1, b: 0 }],
  },
  {
    R: 3,
    C: 2,
    atoms: [
      [
        [[2], [0]],
        [[3], [3]],
      ],
      [
        [[3], [2]],
        [[1], [0]],
      ],
      [
        [[2], [3]],
        [[0], [3]],
      ],
    ],
    views: [{ a: 0, b: 0 }, {}],
  },
  {
    R: 2,
    C: 2,
    atoms: [
      [
        [[1], [1]],
        [[3], [3]],
      ],
      [
        [[2], [3]],
        [[0], [2]],
      ],
    ],
    views: [
      { a: 1, b: 0 },
      { b: 0, row: 1 },
    ],
  },
  {
    R: 3,
    C: 2,
    atoms: [
      [
        [[3], [2]],
        [[0], [2]],
      ],
      [
        [[3], [2]],
        [[2], [0]],
      ],
      [
        [[1], [1]],
        [[3], [1]],
      ],
    ],
    views: [
      { a: 0, b: 0 },
      { b: 0, row: 1 },
    ],
  },
  {
    R: 2,
    C: 2,
    atoms: [
      [
        [[1], [1]],
        [[3], [0]],
      ],
      [
        [[3], [2]],
        [[2], [0]],
      ],
    ],
    views: [{ b: 0, row: 1 }, { a: 0 }],
  },
  {
    R: 2,
    C: 2,
    atoms: [
      [
        [[0], [2]],
        [[2], [3]],
      ],
      [
        [[0], [3]],
        [[0], [1]],
      ],
    ],
    views: [{ row: 0 }, { a: 1 }],
  },
  {
    R: 3,
    C: 2,
    atoms: [
      [
        [[0], [1]],
        [[0], [2]],
      ],
      [
        [[2], [3]],
        [[0], [2]],
      ],
      [
        [[0], [0]],
        [[0], [2]],
      ],
    ],
    views: [{ a: 1 }, {}],
  },
  {
    R: 2,
    C: 2,
    atoms: [
      [
        [[2], [0]],
        [[3], [3]],
      ],
      [
        [[3], [2]],
        [[1], [0]],
      ],
    ],
    views: [{}, { row: 0 }],
  },
  {
    R: 3,
    C: 2,
    atoms: [
      [
        [[2], [3]],
        [[0], [2]],
      ],
      [
        [[0], [0]],
        [[0], [0]],
      ],
      [
        [[0], [1]],
        [[0], [3]],
      ],
    ],
    views: [{ a: 1 }, { row: 0 }],
  },
];

test.each(PINNED_BEFORE.map((p, i) => [i + 1, p] as const))(
  'pair %i that pinned hidden counts before step 2b: no hidden count of either view can be worked out now',
  (_, pair) => {
    expect(pinnedAcrossViews(pair)).toEqual([]);
  },
);

// Pairs that still pinned a hidden count with step 2b (3 of about 480,000 generated pairs; they leaked without
// 2b too), kept as `test.failing` until 3 December 2026. All are views of 9 cases or fewer, where one view's
// total reads "hidden" (so at least 5) over a line of "fewer than 5" counts and the other view's published
// zeros tie cells of the two views together. Closed by zero reading "fewer than 5" (a zero is no longer exact
// knowledge) and by a view of fewer than 5 cases showing nothing else (decision 0022).
const PINNED_AFTER_2B: TwoViews[] = [
  {
    R: 2,
    C: 2,
    atoms: [
      [
        [[2], [0]],
        [[0], [1]],
      ],
      [
        [[0], [3]],
        [[3], [0]],
      ],
    ],
    views: [{ b: 0 }, { a: 0 }],
  },
  {
    R: 2,
    C: 2,
    atoms: [
      [
        [[0], [3]],
        [[1], [0]],
      ],
      [
        [[3], [0]],
        [[0], [2]],
      ],
    ],
    views: [{ a: 1, b: 0 }, {}],
  },
  {
    R: 2,
    C: 2,
    atoms: [
      [
        [[0], [1]],
        [[3], [0]],
      ],
      [
        [[3], [0]],
        [[0], [3]],
      ],
    ],
    views: [{}, { a: 0, b: 0 }],
  },
];

// Found by 100,000 more pairs (fast-check seed 32) once zeros read "fewer than 5". Unfiltered, the rows read
// [fewer than 5 | fewer than 5] under totals of "fewer than 5", "hidden" and 5, with a grand total of 20; filtered
// on row 1, the same row reads 5. Every row total is then at most 4, 7 and 7, which the grand total's band
// (18-22) needs all of: the first row's "fewer than 5" is 4, exactly. Step 2c hides a total whose line can be
// at most a count or two above the bottom of its band.
PINNED_AFTER_2B.push({
  R: 3,
  C: 2,
  atoms: [
    [
      [[0], [1]],
      [[2], [1]],
    ],
    [
      [[3], [0]],
      [[1], [3]],
    ],
    [
      [[1], [3]],
      [[2], [1]],
    ],
  ],
  views: [{ row: 1 }, {}],
});

test.each(PINNED_AFTER_2B.map((p, i) => [i + 1, p] as const))(
  'pair %i that still pinned a hidden count after step 2b: no hidden count of either view can be worked out now',
  (_, pair) => {
    expect(pinnedAcrossViews(pair)).toEqual([]);
  },
);

test('a worked example: the hidden small count and the counts hiding it', () => {
  const s = suppressTable({
    rows: ['North', 'South', 'East'],
    columns: ['Still suspended', 'Not suspended now'],
    cells: [
      [3, 20],
      [12, 30],
      [9, 0],
    ],
    rowTotals: true,
    columnTotals: true,
  });
  expect(s.cells[0]![0]).toEqual({ kind: 'small' });
  // Its row and column each hide one more count, so neither total gives it away.
  expect(s.cells[0]!.filter((e) => e.kind === 'hidden' || e.kind === 'small').length).toBeGreaterThanOrEqual(2);
  expect(s.cells.map((row) => row[0]!).filter((e) => e.kind !== 'count').length).toBeGreaterThanOrEqual(2);
  expect(s.grandTotal).toEqual({ kind: 'count', value: 75 });
  // Its zero reads like a small count: a zero is exact knowledge that can tie two views together.
  expect(s.cells[2]![1]).toEqual({ kind: 'small' });
});

test('a table of fewer than 5 cases shows its grand total only, and no case at all reads the same', () => {
  // Rows of 1, 1 / 0, 0 / 1, 1 (fast-check seed -907079056): published cell by cell as "fewer than 5" under a
  // total of "fewer than 5", each cell of 1 or more would be pinned (four of them adding up to at most 4).
  const table = (cells: number[][]) =>
    suppressTable({ rows: ['A', 'B', 'C'], columns: ['x', 'y'], cells, rowTotals: true, columnTotals: true });
  const four = table([
    [1, 1],
    [0, 0],
    [1, 1],
  ]);
  expect(four.withheld).toBe(true);
  expect(four.grandTotal).toEqual({ kind: 'small' });
  expect([...four.cells.flat(), ...four.rowTotals!, ...four.columnTotals!].every((e) => e.kind === 'withheld')).toBe(
    true,
  );
  const none = table([
    [0, 0],
    [0, 0],
    [0, 0],
  ]);
  expect({ ...none, hiddenAt: [] }).toEqual({ ...four, hiddenAt: [] });
  // A table that can be protected is not withheld, and its zeros read "fewer than 5".
  const protectedTable = suppressTable({
    rows: ['A', 'B'],
    columns: ['x', 'y'],
    cells: [
      [0, 20],
      [12, 30],
    ],
    rowTotals: true,
    columnTotals: true,
  });
  expect(protectedTable.withheld).toBe(false);
  expect(protectedTable.cells[0]![0]).toEqual({ kind: 'small' });
  expect(protectedTable.grandTotal).toEqual({ kind: 'count', value: 60 });
});

test('a breakdown by place that would have to hide the totals every table shares is withheld instead', () => {
  // North West 11 still suspended and none not; the other places 1 and 6. Protecting the 1 hides the second
  // column's total and the grand total, which every other table of the view would then hide too (the demo's
  // headline read "Cases: hidden"). With keepColumnTotals the table publishes its grand total only.
  const t = {
    rows: ['North West', 'Other regions'],
    columns: ['Still suspended', 'Not suspended now'],
    cells: [
      [11, 0],
      [1, 6],
    ],
    rowTotals: true,
    columnTotals: true,
  };
  const free = suppressTable(t);
  expect(free.hiddenAt).toContainEqual([2, 2]);
  const kept = suppressTable(t, [], { keepColumnTotals: true });
  expect([kept.withheld, kept.grandTotal, kept.hiddenAt]).toEqual([true, { kind: 'count', value: 20 }, []]);
  // A total another table hides stays hidden here.
  expect(suppressTable(t, [[2, 2]], { keepColumnTotals: true }).grandTotal).toEqual({ kind: 'hidden' });
});
