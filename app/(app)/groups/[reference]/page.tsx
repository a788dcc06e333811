import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { canManageGroupActions } from '@/lib/auth/policy';
import { getGroupAction } from '@/lib/group-actions/group-action-services';
import { GroupEvents } from '@/lib/group-actions/components/group-events';
import { LinkedCases } from '@/lib/group-actions/components/linked-cases';
import { BODY_LABELS, GROUP_MEASURE_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS } from '@/lib/cases/labels';
import { formatPartialDate } from '@/lib/dates/partial-date';
import { NotFoundError } from '@/lib/errors';
import { secondaryLinkButtonClass } from '@/lib/ui/button';
import { Alert, Badge } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Group action' };

// Staff only, scoped: a coordinator sees every linked case; a caseworker only the cases they work on.
export default async function GroupActionPage({
  params,
  searchParams,
}: {
  params: Promise<{ reference: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requirePageUser(['CASEWORKER', 'COORDINATOR']);
  const { user } = ctx;
  const { reference } = await params;
  const sp = await searchParams;
  const ga = await getGroupAction(user, reference, ctx).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const manage = canManageGroupActions(user);
  return (
    <>
      <p className="mb-3">
        <Link href="/groups">← Group actions</Link>
      </p>
      {sp.saved && <Alert kind="success">Group action saved.</Alert>}
      <div className="mb-6">
        <p className="font-mono text-stone-700">{ga.reference}</p>
        <h1 className="text-3xl font-bold mb-2">{ga.title}</h1>
        <p>
          {SANCTION_TYPE_LABELS[ga.sanctionType]}, {formatPartialDate(ga.imposedOn, ga.imposedPrecision)}
          {ga.imposedBy ? ` by ${BODY_LABELS[ga.imposedBy]}` : ''}
        </p>
        {ga.reasonCategory && <p>Reason given: {REASON_LABELS[ga.reasonCategory]}</p>}
        <p>Branches: {ga.branches.map((b) => `${b.branch.name} (${b.branch.region.name})`).join(', ')}</p>
        {ga.measures.length > 0 && (
          <p className="mt-1 flex flex-wrap gap-2">
            {ga.measures.map((m) => (
              <Badge key={m}>{GROUP_MEASURE_LABELS[m]}</Badge>
            ))}
          </p>
        )}
        {ga.summary && (
          <p className="mt-3 whitespace-pre-wrap bg-white rounded-lg border border-stone-300 p-4">{ga.summary}</p>
        )}
        <p className="text-sm text-stone-700 mt-2">
          Recorded by {ga.createdBy.name}. Every linked member reads the title, what was done, the branches, the date,
          the summary and the shared events on their own case, never who else is linked.
        </p>
        {manage && (
          <p className="mt-3">
            <Link href={`/groups/${ga.reference}/edit`} className={secondaryLinkButtonClass}>
              Change these details
            </Link>
          </p>
        )}
      </div>
      <div className="grid gap-10">
        <GroupEvents
          groupActionId={ga.id}
          canManage={manage}
          linkedCases={ga.cases.length}
          events={ga.events.map((e) => ({ ...e, occurredOn: e.occurredOn.toISOString(), addedBy: e.createdBy.name }))}
        />
        <LinkedCases
          groupActionId={ga.id}
          canManage={manage}
          cases={ga.cases.map(({ case: c }) => ({
            id: c.id,
            reference: c.reference,
            name: c.person.fullName,
            branch: c.person.branch?.name ?? null,
          }))}
        />
      </div>
    </>
  );
}
