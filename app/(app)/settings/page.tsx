import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/require-user';
import { canManageOrganisation } from '@/lib/auth/policy';
import { getOrganisationSettings } from '@/lib/organisation/get-settings';
import { OrganisationForm } from '@/lib/organisation/components/organisation-form';
import { BodyForm } from '@/lib/organisation/components/body-form';
import { RegionForm } from '@/lib/organisation/components/region-forms';
import { BranchForm } from '@/lib/organisation/components/branch-form';
import { BODY_LABELS } from '@/lib/cases/labels';
import { addressLines } from '@/lib/letters/context';
import { EmptyState, PageHeader } from '@/lib/ui/feedback';
import type { BodyKind } from '@/lib/db/generated/enums';

export const metadata: Metadata = { title: 'Organisation settings' };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The organisation's settings: coordinators only (anyone else gets "page not found"). */
export default async function SettingsPage() {
  const { user } = await requirePageUser();
  if (!canManageOrganisation(user)) notFound();
  const { organisation, regions, branches } = await getOrganisationSettings(user);
  const missingKinds = (Object.keys(BODY_LABELS) as BodyKind[]).filter(
    (k) => !organisation?.bodies.some((b) => b.kind === k),
  );
  return (
    <>
      <PageHeader title="Organisation settings">
        <p>
          The party, its bodies, regions and branches, and the default deadlines. Every change is recorded in the audit
          log. Nothing here can be deleted, because cases and letters refer to it: rename instead.
        </p>
      </PageHeader>

      <nav aria-label="Data rights" className="mb-8">
        <h2 className="text-xl font-bold mb-2">People’s data</h2>
        <ul className="flex flex-wrap gap-x-6 gap-y-1">
          <li>
            <Link href="/access-requests">Subject access requests</Link>
          </li>
          <li>
            <Link href="/erasure">Erasure requests</Link>
          </li>
          <li>
            <Link href="/retention">Retention of closed cases</Link>
          </li>
        </ul>
      </nav>
      <section aria-labelledby="organisation-heading" className="mb-10 max-w-2xl">
        <h2 id="organisation-heading" className="text-2xl font-bold mb-3">
          The organisation
        </h2>
        {organisation ? (
          <OrganisationForm
            was={{
              name: organisation.name,
              jurisdiction: organisation.jurisdiction,
              defaultResponseDays: organisation.defaultResponseDays,
              defaultAppealDays: organisation.defaultAppealDays,
            }}
          />
        ) : (
          <EmptyState title="No organisation is set up">Run the set-up (npm run seed) to create it.</EmptyState>
        )}
      </section>

      {organisation && (
        <section aria-labelledby="bodies-heading" className="mb-10">
          <h2 id="bodies-heading" className="text-2xl font-bold mb-1">
            Bodies of the party
          </h2>
          <p className="mb-4">
            Letters are addressed to these names and postal addresses. A change applies to letters written from now on;
            letters already saved keep the address they were sent to.
          </p>
          <ul className="grid gap-2">
            {organisation.bodies.map((b) => (
              <li key={b.id}>
                <details className="rounded-lg border-2 border-stone-300 bg-white p-3">
                  <summary className="cursor-pointer">
                    <span className="font-semibold">{BODY_LABELS[b.kind]}</span>
                    <span className="block text-sm text-stone-700">
                      {b.name} ·{' '}
                      {addressLines(b.postalAddress, b.name)?.split('\n').join(', ') ?? 'no postal address yet'}
                    </span>
                  </summary>
                  <div className="mt-3 max-w-2xl">
                    <BodyForm
                      kind={b.kind}
                      label={BODY_LABELS[b.kind]}
                      was={{ name: b.name, postalAddress: b.postalAddress, email: b.email }}
                    />
                  </div>
                </details>
              </li>
            ))}
          </ul>
          {missingKinds.length > 0 && (
            <details className="mt-4">
              <summary className="cursor-pointer font-semibold">
                Add another body ({plural(missingKinds.length, 'kind')} not recorded yet)
              </summary>
              <div className="grid gap-4 md:grid-cols-2 mt-3">
                {missingKinds.map((k) => (
                  <BodyForm key={k} kind={k} label={BODY_LABELS[k]} was={null} />
                ))}
              </div>
            </details>
          )}
        </section>
      )}

      <section aria-labelledby="regions-heading" className="mb-10 max-w-2xl">
        <h2 id="regions-heading" className="text-2xl font-bold mb-3">
          Regions
        </h2>
        {regions.length === 0 ? (
          <p className="mb-3">No regions yet. Add the first one below, then its branches.</p>
        ) : (
          <ul className="grid gap-3 mb-4">
            {regions.map((r) => (
              <li key={r.id} className="rounded-lg border-2 border-stone-300 bg-white p-4">
                <p className="mb-2 text-stone-700">
                  {plural(r._count.branches, 'branch', 'branches')} · {plural(r._count.people, 'member')} recorded
                </p>
                <RegionForm regionId={r.id} was={{ name: r.name }} />
              </li>
            ))}
          </ul>
        )}
        <RegionForm />
      </section>

      <section aria-labelledby="branches-heading" className="mb-10">
        <h2 id="branches-heading" className="text-2xl font-bold mb-3">
          Branches
        </h2>
        {branches.length === 0 ? (
          <p className="mb-3">No branches yet. Add the first one below.</p>
        ) : (
          <ul className="grid gap-2 mb-6">
            {branches.map((b) => (
              <li key={b.id}>
                <details className="rounded-lg border-2 border-stone-300 bg-white p-3">
                  <summary className="cursor-pointer">
                    <span className="font-semibold">{b.name}</span> – {b.region.name}
                    {b.constituency ? ` · ${b.constituency}` : ''} · {plural(b.memberCount, 'member')}
                    <span className="block text-sm text-stone-700">
                      {plural(b._count.people, 'member')} and {plural(b.caseCount, 'case')} recorded in Reinstate
                    </span>
                  </summary>
                  <div className="mt-3">
                    <BranchForm
                      branchId={b.id}
                      was={{
                        name: b.name,
                        regionId: b.regionId,
                        constituency: b.constituency,
                        memberCount: b.memberCount,
                      }}
                      regions={regions}
                    />
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
        {regions.length > 0 && (
          <div className="max-w-2xl rounded-lg border-2 border-stone-300 bg-white p-4">
            <h3 className="text-lg font-bold mb-3">Add a branch</h3>
            <BranchForm regions={regions} />
          </div>
        )}
      </section>
    </>
  );
}
