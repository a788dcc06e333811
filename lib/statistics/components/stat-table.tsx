import type { StatTable } from '../build-statistics';
import { shownPercent, shownText, type Shown } from '../suppress';

const cellClass = (s: Shown) =>
  `px-2 py-1 text-right tabular-nums ${s.kind === 'small' || s.kind === 'hidden' || s.kind === 'withheld' ? 'italic text-stone-700' : ''}`;

/** One table of counts as published: small counts "fewer than 5", hidden ones "hidden", totals last. */
export function StatTableView({ table: t }: { table: StatTable }) {
  const { table } = t;
  // The share still suspended (status tables) or answered No (fairness), from published counts only.
  const shareColumn = t.id === 'fairness' ? 1 : table.rowTotals !== null && table.columns.length === 2 ? 0 : null;
  const share = shareColumn !== null;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full border-collapse text-sm bg-white">
        <caption className="sr-only">{t.title}</caption>
        <thead>
          <tr className="border-b-2 border-stone-400">
            <th scope="col" className="px-2 py-1 text-left">
              {t.id === 'fairness' ? 'Question' : 'Category'}
            </th>
            {table.columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1 text-right">
                {c}
              </th>
            ))}
            {table.rowTotals && (
              <th scope="col" className="px-2 py-1 text-right">
                {t.id === 'fairness' ? 'Reviewed cases' : 'All cases'}
              </th>
            )}
            {share && (
              <th scope="col" className="px-2 py-1 text-right">
                {t.id === 'fairness' ? 'Share answered No' : 'Share still suspended'}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => {
            const pct = share ? shownPercent(table.cells[r]![shareColumn]!, table.rowTotals![r]!) : null;
            return (
              <tr key={row} className="border-b border-stone-200">
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  {row}
                </th>
                {table.cells[r]!.map((s, c) => (
                  <td key={c} className={cellClass(s)}>
                    {shownText(s)}
                  </td>
                ))}
                {table.rowTotals && (
                  <td className={cellClass(table.rowTotals[r]!)}>{shownText(table.rowTotals[r]!)}</td>
                )}
                {share && <td className="px-2 py-1 text-right">{pct === null ? '—' : `${pct}%`}</td>}
              </tr>
            );
          })}
        </tbody>
        {table.columnTotals && (
          <tfoot>
            <tr className="border-t-2 border-stone-400 font-semibold">
              <th scope="row" className="px-2 py-1 text-left">
                Total
              </th>
              {table.columnTotals.map((s, c) => (
                <td key={c} className={cellClass(s)}>
                  {shownText(s)}
                </td>
              ))}
              {table.rowTotals && <td className={cellClass(table.grandTotal)}>{shownText(table.grandTotal)}</td>}
              {share && (
                <td className="px-2 py-1 text-right">
                  {(() => {
                    const p = shownPercent(table.columnTotals[0]!, table.grandTotal);
                    return p === null ? '—' : `${p}%`;
                  })()}
                </td>
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
