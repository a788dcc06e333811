import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { getGroupAction } from '@/lib/group-actions/group-action-services';
import { findBranchChoices } from '@/lib/group-actions/branch-choices';
import { GroupActionForm } from '@/lib/group-actions/components/group-action-form';
import { fromStored } from '@/lib/dates/partial-date';
import { NotFoundError } from '@/lib/errors';
import { PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Change a group action' };

export default async function EditGroupActionPage({ params }: { params: Promise<{ reference: string }> }) {
  const ctx = await requirePageUser(['COORDINATOR']);
  const { reference } = await params;
  const ga = await getGroupAction(ctx.user, reference, ctx).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const values = {
    title: ga.title,
    sanctionType: ga.sanctionType,
    measures: ga.measures,
    imposedBy: ga.imposedBy ?? '',
    reasonCategory: ga.reasonCategory ?? '',
    summary: ga.summary ?? '',
    imposedOn: (ga.imposedOn ? fromStored(ga.imposedOn, ga.imposedPrecision ?? 'YEAR') : undefined) as never,
    branchIds: ga.branches.map((b) => b.branch.id),
  };
  return (
    <>
      <p className="mb-3">
        <Link href={`/groups/${ga.reference}`}>← {ga.reference}</Link>
      </p>
      <PageHeader title="Change the group action" />
      <GroupActionForm
        branches={await findBranchChoices()}
        existing={{ id: ga.id, reference: ga.reference, version: ga.version, values }}
      />
    </>
  );
}
