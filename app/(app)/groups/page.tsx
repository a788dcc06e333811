import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { canManageGroupActions } from '@/lib/auth/policy';
import { listGroupActions } from '@/lib/group-actions/group-action-services';
import { GROUP_MEASURE_LABELS, SANCTION_TYPE_LABELS } from '@/lib/cases/labels';
import { formatPartialDate } from '@/lib/dates/partial-date';
import { linkButtonClass } from '@/lib/ui/button';
import { EmptyState, PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Group actions' };

// Staff only: a member reads a group action's shared facts on their own case.
export default async function GroupActionsPage() {
  const { user } = await requirePageUser(['CASEWORKER', 'COORDINATOR']);
  const groups = await listGroupActions(user);
  const manage = canManageGroupActions(user);
  return (
    <>
      <PageHeader title="Group actions">
        <p>
          When the party acts on a whole branch or group (branches suspended, meetings cancelled, officers replaced), it
          is recorded once here, with each member’s own case linked to it.
        </p>
      </PageHeader>
      {manage && (
        <p className="mb-6">
          <Link href="/groups/new" className={linkButtonClass}>
            Record a group action
          </Link>
        </p>
      )}
      {groups.length === 0 ? (
        <EmptyState title="No group actions yet">
          <p>
            {manage
              ? 'Record one when a branch or group is sanctioned as a whole.'
              : 'Group actions that touch the cases you work on will show here.'}
          </p>
        </EmptyState>
      ) : (
        <ul className="grid gap-3">
          {groups.map((g) => (
            <li key={g.id} className="bg-white rounded-lg border border-stone-300 p-4">
              <p className="text-sm font-mono text-stone-700">{g.reference}</p>
              <h2 className="text-xl font-bold">
                <Link href={`/groups/${g.reference}`}>{g.title}</Link>
              </h2>
              <p>
                {SANCTION_TYPE_LABELS[g.sanctionType]}, {formatPartialDate(g.imposedOn, g.imposedPrecision)}
              </p>
              <p>Branches: {g.branches.map((b) => b.branch.name).join(', ') || 'none'}</p>
              {g.measures.length > 0 && <p>{g.measures.map((m) => GROUP_MEASURE_LABELS[m]).join(' · ')}</p>}
              <p className="text-sm text-stone-700 mt-1">
                {g._count.cases === 1 ? '1 case' : `${g._count.cases} cases`} linked{manage ? '' : ' that you work on'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
