import type { StatisticsView } from '../get-statistics';
import { MIN_FOR_QUARTILES } from '../build-statistics';
import { shownText } from '../suppress';
import { tablesHtml } from './statistics-markup';
import { latin1Paragraph } from '../../ui/markup';
import { EmptyState } from '../../ui/feedback';
import { formatPartialDate } from '../../dates/partial-date';

const months = (n: number) => (n === 1 ? '1 month' : `${n} months`);

/** The figures themselves: headline, then each table with its chart and what it counts. */
export function StatisticsBody({ view }: { view: StatisticsView }) {
  const s = view.statistics;
  if (s.scopeEmpty) {
    return (
      <EmptyState title="No cases yet">
        <p>Figures appear here once cases you may see are recorded.</p>
      </EmptyState>
    );
  }
  // Fewer than 5 cases (none at all reads the same): nothing is shown but that, so no figure picks anyone out.
  if (s.total.kind === 'small') {
    return (
      <EmptyState title={view.filterLines.length ? 'Fewer than 5 cases match these filters' : 'Fewer than 5 cases'}>
        <p>
          Figures are shown for 5 cases or more, so that nobody can be picked out from them.
          {view.filterLines.length ? ' Change or clear the filters above to include more cases.' : ''}
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <section aria-labelledby="headline-heading" className="mb-8 rounded-lg border-2 border-stone-300 bg-white p-4">
        <h2 id="headline-heading" className="text-xl font-bold mb-2">
          In brief
        </h2>
        {/* Text that may hold dashes and quotes (a stage's name in the filters) goes out as one-byte markup
            (lib/ui/markup.ts, latin1): this page's payload is large enough for one such character to cost. */}
        <p
          className="mb-2"
          dangerouslySetInnerHTML={latin1Paragraph(
            `${view.filterLines.length ? `Filters: ${view.filterLines.join('; ')}.` : 'No filters: every case you may see.'} ` +
              `Figures as at ${formatPartialDate(new Date(`${view.asOf}T12:00:00Z`), 'DAY')}.`,
          )}
        />
        <dl className="grid gap-2 sm:grid-cols-3">
          <div>
            <dt className="font-semibold">Cases</dt>
            <dd className="text-2xl">{shownText(s.total)}</dd>
          </div>
          <div>
            <dt className="font-semibold">Still suspended</dt>
            <dd className="text-2xl">
              {shownText(s.stillSuspended)}
              {s.stillSuspendedPercent !== null && ` (${s.stillSuspendedPercent}%)`}
            </dd>
          </div>
          <div>
            <dt className="font-semibold">Time suspended without a decision</dt>
            <dd>
              {s.quartiles
                ? `Median ${months(s.quartiles.median)}; a quarter ${months(s.quartiles.q1)} or less, a quarter ${months(s.quartiles.q3)} or more.`
                : `Shown when at least ${MIN_FOR_QUARTILES} still-suspended cases have a known date.`}
            </dd>
          </div>
        </dl>
        <p
          className="mt-3 text-sm text-stone-700"
          dangerouslySetInnerHTML={latin1Paragraph(
            '“Still suspended” counts a case when it has an administrative suspension or a suspension with no end ' +
              'date and no decision (its outcome is still pending). A case counts once in each table.',
          )}
        />
      </section>
      {/* Each table with its chart and what it counts: markup made once per view (statistics-markup.ts). */}
      <div dangerouslySetInnerHTML={{ __html: tablesHtml(s) }} />
    </>
  );
}
