import Link from '@/lib/ui/link';
import { Arrow } from '@/lib/ui/arrow';
import type { getCaseActivity } from '../../cases/get-case-activity';
import { collapseRepeats, groupByDay, timeOfDay } from '../activity-words';

type Activity = Awaited<ReturnType<typeof getCaseActivity>>;

/**
 * The Activity tab: one sentence per row ("Ruth Calder (coordinator) opened your case"), under a heading
 * for each UK day ("Today", "Yesterday", "Monday 23 Nov 2026"). A list, not a table, so that on a phone
 * every sentence wraps within the screen instead of scrolling sideways. Staff also get the changed
 * field names and the address behind a "Details" disclosure; the member's rows carry neither (the
 * service never sends them: lib/cases/get-case-activity.ts). The member's repeats in a row ("You opened
 * your case" nine times in a morning) are one line with a count.
 * (Named ActivityTable for the page that imports it; it has not been a table since issue 10.)
 */
export function ActivityTable({ activity, showIp }: { activity: Activity; showIp: boolean }) {
  const groups = groupByDay(activity.rows, new Date());
  const pages = Math.max(1, Math.ceil(activity.total / activity.pageSize));
  return (
    <section aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="text-2xl font-bold mb-2">
        Activity
      </h2>
      <p className="mb-4 text-stone-700">
        Everyone who opened or changed this case, newest first
        {showIp ? ` (${activity.total.toLocaleString('en-GB')} in all)` : ''}. What anyone typed is never recorded here:
        only who did what, and when.
      </p>
      {groups.length === 0 && (
        <p className="rounded-lg border-2 border-dashed border-stone-400 bg-white p-4">Nothing to show on this page.</p>
      )}
      {groups.map((g) => {
        const lines = showIp
          ? g.rows.map((row) => ({ row, count: 1, earliest: row.createdAt }))
          : collapseRepeats(g.rows);
        return (
          <section key={g.key} aria-labelledby={`day-${g.key}`} className="mb-6">
            <h3 id={`day-${g.key}`} className="text-lg font-bold mb-2">
              {g.label}
            </h3>
            <ol className="rounded-lg border border-stone-300 bg-white divide-y divide-stone-200">
              {lines.map(({ row: r, count, earliest }) => (
                <li key={r.id} className="flex gap-3 p-3 min-w-0">
                  <time dateTime={r.createdAt.toISOString()} className="shrink-0 tabular-nums text-stone-700">
                    {timeOfDay(r.createdAt)}
                  </time>
                  <div className="min-w-0 break-words">
                    <p>
                      {r.sentence}
                      {count > 1 && (
                        <span className="text-stone-700">
                          {' '}
                          {count} times, the first at {timeOfDay(earliest)}
                        </span>
                      )}
                    </p>
                    {showIp && 'fields' in r && (
                      <details className="mt-1 text-sm">
                        <summary className="cursor-pointer text-stone-700 py-2">Details</summary>
                        <dl className="mt-1 grid gap-x-3 grid-cols-[auto_1fr]">
                          <dt className="font-semibold">Fields</dt>
                          <dd className="break-words min-w-0">{r.fields.length ? r.fields.join(', ') : 'None'}</dd>
                          <dt className="font-semibold">From</dt>
                          <dd className="break-all min-w-0">{r.ip ?? 'Not recorded'}</dd>
                        </dl>
                      </details>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
      {pages > 1 && (
        <nav aria-label="Activity pages" className="flex flex-wrap items-center gap-4">
          {activity.page > 1 && (
            <Link href={`?tab=activity&page=${activity.page - 1}`} className="py-3">
              <Arrow to="back" />
              Newer activity
            </Link>
          )}
          <span>
            Page {activity.page} of {pages}
          </span>
          {activity.page < pages && (
            <Link href={`?tab=activity&page=${activity.page + 1}`} className="py-3">
              Older activity
              <Arrow to="on" />
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
