import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { listDueDeadlines, parseDeadlineListFilters } from '@/lib/deadlines/deadline-list';
import { listCaseworkers } from '@/lib/cases/assign-caseworker';
import { daysBetween, formatUkDate, weekdayName } from '@/lib/deadlines/working-days';
import { Badge, EmptyState, PageHeader } from '@/lib/ui/feedback';
import { Button } from '@/lib/ui/button';
import { inputClass } from '@/lib/ui/field';

export const metadata: Metadata = { title: 'Deadlines' };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export default async function DeadlinesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requirePageUser();
  const { user } = ctx;
  const filters = parseDeadlineListFilters(await searchParams);
  const { today, total, groups } = await listDueDeadlines(user, filters, ctx);
  const coordinator = user.role === 'COORDINATOR';
  const member = user.role === 'MEMBER';
  const caseworkers = coordinator ? await listCaseworkers() : [];
  const title = member ? 'Your deadlines' : coordinator ? 'Deadlines across the network' : 'My deadlines';

  return (
    <>
      <PageHeader title={title}>
        <p>
          Worked out from each case’s timeline. Today is {weekdayName(today)} {formatUkDate(today)}.
        </p>
      </PageHeader>
      <form method="get" className="mb-6 flex flex-wrap items-end gap-4" aria-label="Filter deadlines">
        <div>
          <label htmlFor="within" className="block font-semibold mb-1">
            Show
          </label>
          <select id="within" name="within" defaultValue={filters.within} className={inputClass()}>
            <option value="7">Overdue and due in 7 days</option>
            <option value="30">Overdue and due in 30 days</option>
            <option value="all">All open deadlines</option>
          </select>
        </div>
        {coordinator && (
          <div>
            <label htmlFor="caseworkerId" className="block font-semibold mb-1">
              Caseworker
            </label>
            <select
              id="caseworkerId"
              name="caseworkerId"
              defaultValue={filters.caseworkerId ?? ''}
              className={inputClass()}
            >
              <option value="">Everyone</option>
              {caseworkers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </form>
      {total === 0 ? (
        <EmptyState title="Nothing due">
          <p>
            {member
              ? 'When you add something to your timeline that starts a deadline (a subject access request you sent, a notice of investigation, a decision that went against you, a letter that asked for a reply by a date), the date will appear here.'
              : 'No open deadlines in this period. Deadlines appear when a case’s timeline has, with an exact date, a SAR sent, a notice of investigation, a decision that went against the member, or a letter sent asking for a reply within a number of days.'}
          </p>
        </EmptyState>
      ) : (
        groups
          .filter((g) => g.items.length > 0)
          .map((g) => (
            <section key={g.id} aria-labelledby={`${g.id}-heading`} className="mb-8">
              <h2 id={`${g.id}-heading`} className="text-xl font-bold mb-3">
                {g.title} ({g.items.length})
              </h2>
              <ul className="grid gap-3">
                {g.items.map((d) => {
                  const days = daysBetween(today, d.dueOn);
                  return (
                    <li
                      key={d.id}
                      className={`rounded-lg border-2 p-3 bg-white ${d.status === 'missed' ? 'border-red-700' : 'border-stone-300'}`}
                    >
                      <p className="flex flex-wrap items-baseline gap-x-3">
                        <strong>
                          {weekdayName(d.dueOn)} {formatUkDate(d.dueOn)}
                        </strong>
                        {d.status === 'missed' ? (
                          <Badge tone="bad">{`Overdue by ${plural(-days, 'day')}`}</Badge>
                        ) : (
                          <Badge>{days === 0 ? 'Due today' : `In ${plural(days, 'day')}`}</Badge>
                        )}
                      </p>
                      <p className="font-semibold">{d.label}</p>
                      {d.accessRequestId ? (
                        <p>
                          <Link href={`/access-requests/${d.accessRequestId}`}>Subject access request</Link> ·{' '}
                          {d.memberName} · {d.eventTitle}
                        </p>
                      ) : (
                        <>
                          <p>
                            <Link href={`/cases/${d.reference}`}>{d.reference}</Link>
                            {d.memberName && <> · {d.memberName}</>}
                            {coordinator && (
                              <>
                                {' '}
                                · {d.caseworkers.length ? d.caseworkers.map((c) => c.name).join(', ') : 'No caseworker'}
                              </>
                            )}
                          </p>
                          <p className="text-sm text-stone-700">From “{d.eventTitle}”.</p>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          ))
      )}
    </>
  );
}
