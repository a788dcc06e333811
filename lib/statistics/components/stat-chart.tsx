import type { StatTable } from '../build-statistics';
import { chartData, CHART_COLOURS } from '../chart-data';

// A horizontal bar chart drawn on the server as SVG: no script, nothing for the CSP to allow. It repeats
// the table beside it (which is what a screen reader reads), so it is one image with a title and a summary.

const ROW = 26;
const LABEL_W = 230;
const BAR_W = 300;
const TEXT_W = 230;

export function StatChart({ table }: { table: StatTable }) {
  const data = chartData(table);
  if (!data) return null;
  const height = data.bars.length * ROW + 30;
  const width = LABEL_W + BAR_W + TEXT_W;
  const x = (v: number) => (v / data.max) * BAR_W;
  const titleId = `${table.id}-chart-title`;
  const descId = `${table.id}-chart-desc`;
  return (
    <svg
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      viewBox={`0 0 ${width} ${height}`}
      className="w-full max-w-3xl h-auto my-3"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={titleId}>{`${table.title} (chart)`}</title>
      <desc id={descId}>
        {`Bars show ${data.totalLabel.toLowerCase()}${data.partLabel ? `, the dark part ${data.partLabel.toLowerCase()}` : ''}. Counts are rounded to the nearest 5; a count that is hidden or fewer than 5 has no bar. The same figures are in the table.`}
      </desc>
      {data.bars.map((b, i) => {
        const y = i * ROW + 4;
        return (
          <g key={i}>
            <text x={LABEL_W - 8} y={y + 15} textAnchor="end" fontSize="12" fill="#111">
              {b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}
            </text>
            {b.total !== null && b.total > 0 && (
              <rect x={LABEL_W} y={y} width={x(b.total)} height={ROW - 8} fill={CHART_COLOURS.total} />
            )}
            {b.part !== null && b.part > 0 && (
              <rect
                x={LABEL_W}
                y={y + 2}
                width={Math.max(0, x(b.part) - 2)}
                height={ROW - 12}
                fill={CHART_COLOURS.part}
                stroke="#fff"
                strokeWidth="1"
              />
            )}
            <text x={LABEL_W + (b.total ? x(b.total) : 0) + 6} y={y + 15} fontSize="12" fill="#111">
              {b.text}
            </text>
          </g>
        );
      })}
      <line x1={LABEL_W} x2={LABEL_W} y1={0} y2={data.bars.length * ROW} stroke="#444" />
      <text x={LABEL_W} y={height - 6} fontSize="11" fill="#333">
        {`0 to ${data.max.toLocaleString('en-GB')}`}
      </text>
    </svg>
  );
}
