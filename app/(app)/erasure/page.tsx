import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/require-user';
import { canDecideErasure } from '@/lib/auth/policy';
import { findErasureRequests } from '@/lib/erasure/find-erasure-requests';
import { ErasureDecision } from '@/lib/erasure/components/erasure-decision';
import { LogErasureRequestForm } from '@/lib/erasure/components/log-erasure-request-form';
import { Badge, EmptyState, PageHeader } from '@/lib/ui/feedback';
import { formatTimestamp } from '@/lib/dates/partial-date';

export const metadata: Metadata = { title: 'Erasure requests' };

const STATUS = {
  REQUESTED: { text: 'Waiting for a decision', tone: 'warning' },
  APPROVED: { text: 'Approved, not finished', tone: 'bad' },
  REFUSED: { text: 'Refused', tone: 'neutral' },
  DONE: { text: 'Erased', tone: 'good' },
} as const;

const words = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ');

/** Coordinators only: requests to erase a member's data, to approve or refuse. Anyone else: not found. */
export default async function ErasurePage() {
  const ctx = await requirePageUser();
  if (!canDecideErasure(ctx.user)) notFound();
  const requests = await findErasureRequests(ctx.user, ctx);
  return (
    <div className="max-w-3xl">
      <PageHeader title="Erasure requests">
        Members can ask for everything Reinstate holds about them to be erased. Check whether anything needs it kept (an
        appeal still running, a legal claim), then approve or refuse with a reason. An erasure cannot be undone.
      </PageHeader>
      <details className="mb-6 bg-white rounded-lg border border-stone-300 p-4">
        <summary className="font-semibold cursor-pointer min-h-11 flex items-center">
          Log a request made by letter, email or phone
        </summary>
        <div className="mt-3">
          <LogErasureRequestForm />
        </div>
      </details>
      {requests.length === 0 ? (
        <EmptyState title="No requests">When a member asks for their data to be erased, it appears here.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {requests.map((r) => (
            <li key={r.id} className="bg-white rounded-lg border border-stone-300 p-4">
              <div className="flex flex-wrap items-center gap-2 mb-2">
                <h2 className="text-lg font-bold">{r.person?.name ?? 'Erased member'}</h2>
                <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].text}</Badge>
              </div>
              <dl className="grid grid-cols-[9rem_1fr] gap-1 text-[0.95rem]">
                <dt className="font-semibold">Asked</dt>
                <dd>
                  {formatTimestamp(r.createdAt)}
                  {r.onBehalf ? ' (logged by a coordinator)' : ' (by the member)'}
                </dd>
                {r.person?.email && (
                  <>
                    <dt className="font-semibold">Email</dt>
                    <dd className="break-all">{r.person.email}</dd>
                  </>
                )}
                {r.person && (
                  <>
                    <dt className="font-semibold">Cases</dt>
                    <dd>
                      {r.person.cases.length
                        ? r.person.cases
                            .map((c) => `${c.reference} (${words(c.stage)}, appeal: ${words(c.appealStatus)})`)
                            .join('; ')
                        : 'None'}
                    </dd>
                  </>
                )}
                {r.decidedAt && (
                  <>
                    <dt className="font-semibold">Decided</dt>
                    <dd>{formatTimestamp(r.decidedAt)}</dd>
                  </>
                )}
                {r.status === 'REFUSED' && r.reason && (
                  <>
                    <dt className="font-semibold">Reason given</dt>
                    <dd className="whitespace-pre-line">{r.reason}</dd>
                  </>
                )}
                {r.status === 'DONE' && (
                  <>
                    <dt className="font-semibold">Erased</dt>
                    <dd>
                      {r.completedAt ? formatTimestamp(r.completedAt) : ''}: {r.caseCount ?? 0} case
                      {r.caseCount === 1 ? '' : 's'}, {r.fileCount ?? 0} file{r.fileCount === 1 ? '' : 's'}
                    </dd>
                  </>
                )}
              </dl>
              {/* Always there, so the result of a decision stays on screen after the list refreshes. */}
              <ErasureDecision requestId={r.id} name={r.person?.name ?? 'this member'} status={r.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
