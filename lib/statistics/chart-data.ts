import type { StatTable } from './build-statistics';
import { shownText, shownValue } from './suppress';

// The bars of a table's chart, from published counts only (a hidden count draws no bar and says why).
// Shared by the page's SVG and the report's PDF, so both draw the same thing.

export type Bar = { label: string; total: number | null; part: number | null; text: string };
export type ChartData = { bars: Bar[]; max: number; totalLabel: string; partLabel: string | null };

export const CHART_COLOURS = {
  /** All cases in the row: 4.6:1 against white (WCAG 1.4.11 asks 3:1 for parts of a chart). */
  total: '#4a7aa8',
  /** The still-suspended part: 10:1 against white, and 2.3:1 against the lighter bar it sits on, with a white gap. */
  part: '#17324f',
};

export function chartData(t: StatTable): ChartData | null {
  if (t.chartColumn === null) return null;
  const { table } = t;
  const twoPart = table.rowTotals !== null;
  const bars = table.rows.map((label, r) => {
    const totalShown = twoPart ? table.rowTotals![r]! : table.cells[r]![t.chartColumn!]!;
    const partShown = twoPart ? table.cells[r]![t.chartColumn!]! : null;
    const total = shownValue(totalShown);
    const part = partShown ? shownValue(partShown) : null;
    const text = twoPart
      ? `${shownText(totalShown)} (still suspended: ${shownText(partShown!)})`
      : shownText(totalShown);
    return { label, total, part, text };
  });
  const max = Math.max(5, ...bars.map((b) => b.total ?? 0));
  return {
    bars,
    max,
    totalLabel: twoPart ? 'All cases' : table.columns[t.chartColumn]!,
    partLabel: twoPart ? table.columns[t.chartColumn]! : null,
  };
}
