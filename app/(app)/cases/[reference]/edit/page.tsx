import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { getDetailsForEdit } from '@/lib/cases/get-details-for-edit';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { consentDay } from '@/lib/cases/update-case-details';
import { STAFF_CONSENT_METHODS } from '@/lib/cases/details-schemas';
import { CaseDetailsForm, PersonDetailsForm } from '@/lib/cases/components/details-forms';
import { NotFoundError } from '@/lib/errors';
import { PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Edit details' };

const isStaffMethod = (m: string | null): m is (typeof STAFF_CONSENT_METHODS)[number] =>
  (STAFF_CONSENT_METHODS as readonly string[]).includes(m ?? '');

export default async function EditDetailsPage({ params }: { params: Promise<{ reference: string }> }) {
  const ctx = await requirePageUser();
  const { user } = ctx;
  const { reference } = await params;
  const kase = await getDetailsForEdit(user, reference, ctx).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const options = await findFilterOptions(false);
  const isMember = !kase.canEditCase;
  const p = kase.person;
  const personValues = {
    caseId: kase.id,
    version: p.version,
    fullName: p.fullName,
    membershipNumber: p.membershipNumber ?? '',
    phone: p.phone ?? '',
    postalAddress: p.postalAddress ?? '',
    regionId: p.regionId ?? '',
    branchId: p.branchId ?? '',
    rolesHeld: p.rolesHeld as never[],
    ...(p.userId ? {} : { email: p.email ?? '' }),
  };
  return (
    <div className="max-w-2xl">
      <p className="mb-3">
        <Link href={`/cases/${kase.reference}?tab=details`}>← Back to the case</Link>
      </p>
      <PageHeader title={isMember ? 'Your details' : 'Edit details'}>
        <p className="font-mono text-stone-700">{kase.reference}</p>
      </PageHeader>

      <section aria-labelledby="person-heading" className="mb-10">
        <h2 id="person-heading" className="text-2xl font-bold mb-2">
          {isMember ? 'About you' : 'About the member'}
        </h2>
        <p className="mb-4 rounded-md border-l-4 border-brand-700 bg-brand-50 p-3">
          {isMember
            ? kase.otherCases.length
              ? `These details are shared by all your cases: a change here shows on ${kase.otherCases.join(', ')} too.`
              : 'These details are shared by all your cases: if you log another, it will use them too.'
            : 'These details belong to the person, not only to this case: a change here shows on every case of theirs.'}
        </p>
        <PersonDetailsForm
          values={personValues}
          lockedEmail={p.userId ? p.email : null}
          regions={options.regions}
          branches={options.branches}
          isMember={isMember}
        />
      </section>

      {kase.canEditCase && (
        <section aria-labelledby="case-heading">
          <h2 id="case-heading" className="text-2xl font-bold mb-4">
            About this case
          </h2>
          <CaseDetailsForm
            values={{
              caseId: kase.id,
              version: kase.version,
              wants: kase.wants as never[],
              summary: kase.summary ?? '',
            }}
            consent={
              isStaffMethod(kase.consentMethod)
                ? {
                    consentMethod: kase.consentMethod,
                    consentGivenOn: consentDay(kase.consentGivenAt) ?? '',
                    consentNote: kase.consentNote ?? '',
                  }
                : null
            }
          />
        </section>
      )}
    </div>
  );
}
