import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { findBranchChoices } from '@/lib/group-actions/branch-choices';
import { GroupActionForm } from '@/lib/group-actions/components/group-action-form';
import { PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Record a group action' };

export default async function NewGroupActionPage() {
  await requirePageUser(['COORDINATOR']);
  return (
    <>
      <p className="mb-3">
        <Link href="/groups">← Group actions</Link>
      </p>
      <PageHeader title="Record a group action">
        <p>
          Record what was done to the group once. You can then link each member’s case and add the letters and hearings
          for the whole group.
        </p>
      </PageHeader>
      <GroupActionForm branches={await findBranchChoices()} />
    </>
  );
}
