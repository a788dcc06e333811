import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { getIntakeDraft } from '@/lib/intake/save-intake-draft';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { IntakeForm } from '@/lib/intake/components/intake-form';
import { PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Tell us what happened' };

export default async function NewCasePage() {
  const { user } = await requirePageUser(['MEMBER']);
  const [draft, options] = await Promise.all([getIntakeDraft(user), findFilterOptions(false)]);
  return (
    <div className="max-w-2xl">
      <PageHeader title="Tell us what happened">
        <p>
          Answer what you can. Nothing is sent to anyone until the last step, and you can stop and come back at any
          time.
        </p>
      </PageHeader>
      <IntakeForm
        initialStep={draft?.step ?? 0}
        initialData={draft?.data ?? { fullName: user.name }}
        hasDraft={!!draft}
        regions={options.regions}
        branches={options.branches}
      />
    </div>
  );
}
