import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/require-user';
import { canHandleAccessRequests, listAccessRequests } from '@/lib/access-requests/access-request-services';
import { LogAccessRequestForm } from '@/lib/access-requests/components/log-request-form';
import { formatUkDate } from '@/lib/deadlines/working-days';
import { todayInUk } from '@/lib/dates/uk-today';
import { Badge, EmptyState, PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Subject access requests' };

/** Subject access requests made to the network itself: coordinators only (anyone else: page not found). */
export default async function AccessRequestsPage() {
  const ctx = await requirePageUser();
  if (!canHandleAccessRequests(ctx.user)) notFound();
  const requests = await listAccessRequests(ctx.user, ctx);
  const today = todayInUk();
  return (
    <>
      <PageHeader title="Subject access requests">
        <p>
          Requests made to the network for the information it holds about someone. The network must answer within one
          calendar month of receipt (extendable by two months), like the party. Each due date also shows on the
          Deadlines page.
        </p>
      </PageHeader>
      <section aria-labelledby="requests-heading" className="mb-10">
        <h2 id="requests-heading" className="text-2xl font-bold mb-3">
          Requests
        </h2>
        {requests.length === 0 ? (
          <EmptyState title="No requests yet">
            <p>When someone asks what the network holds about them, log it below: the deadline starts at once.</p>
          </EmptyState>
        ) : (
          <ul className="grid gap-3">
            {requests.map((r) => (
              <li key={r.id} className="rounded-lg border-2 border-stone-300 bg-white p-3">
                <p className="flex flex-wrap items-baseline gap-x-3">
                  <Link href={`/access-requests/${r.id}`} className="font-semibold">
                    {r.personName}
                  </Link>
                  {r.status === 'RELEASED' ? (
                    <Badge tone="good">{`Released ${formatUkDate(r.releasedOn!)}`}</Badge>
                  ) : r.dueOn < today ? (
                    <Badge tone="bad">Overdue</Badge>
                  ) : (
                    <Badge>Open</Badge>
                  )}
                </p>
                <p>
                  Received {formatUkDate(r.receivedOn)} · due {formatUkDate(r.dueOn)}
                  {r.extended && ' (extended)'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="log-heading">
        <h2 id="log-heading" className="text-2xl font-bold mb-3">
          Log a request
        </h2>
        <LogAccessRequestForm today={today} />
      </section>
    </>
  );
}
