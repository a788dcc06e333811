import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { findPeopleForStaff, getPersonForStaff } from '@/lib/cases/create-case-for-member';
import { CaseForMemberForm } from '@/lib/cases/components/case-for-member-form';
import { todayInUk } from '@/lib/dates/uk-today';
import { Button } from '@/lib/ui/button';
import { inputClass } from '@/lib/ui/field';
import { PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Open a case for a member' };

export default async function CaseForMemberPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { user } = await requirePageUser(['CASEWORKER', 'COORDINATOR']);
  const sp = await searchParams;
  const q = (sp.q ?? '').slice(0, 80);
  const [options, people, person] = await Promise.all([
    findFilterOptions(false),
    q ? findPeopleForStaff(user, q) : Promise.resolve([]),
    sp.person ? getPersonForStaff(user, sp.person) : Promise.resolve(null),
  ]);
  return (
    <div className="max-w-2xl">
      <p className="mb-3">
        <Link href="/cases">← Back to cases</Link>
      </p>
      <PageHeader title="Open a case for a member">
        <p>
          For a member who is not online: a phone call, a letter or a meeting. Afterwards you can give them a link to
          see the case on their own account.
        </p>
      </PageHeader>

      <section aria-labelledby="existing-heading" className="mb-8 rounded-lg border border-stone-300 bg-white p-4">
        <h2 id="existing-heading" className="text-xl font-bold mb-2">
          Already have a case for them?
        </h2>
        {person ? (
          <p>
            Adding a new case for <strong>{person.fullName}</strong>
            {person.membershipNumber ? ` (${person.membershipNumber})` : ''}.{' '}
            <Link href="/cases/new/for-member">Enter someone new instead</Link>.
          </p>
        ) : (
          <>
            <form method="get" className="flex flex-wrap items-end gap-3" role="search">
              <div className="grow">
                <label htmlFor="q" className="block font-semibold mb-1">
                  Name or membership number
                </label>
                <input id="q" name="q" defaultValue={q} className={inputClass()} />
              </div>
              <Button type="submit" variant="secondary">
                Search
              </Button>
            </form>
            {q &&
              (people.length ? (
                <ul className="mt-4 grid gap-2">
                  {people.map((p) => (
                    <li
                      key={p.id}
                      className="flex flex-wrap items-center justify-between gap-2 border-t border-stone-200 pt-2"
                    >
                      <span>
                        <strong>{p.fullName}</strong>
                        {p.membershipNumber ? ` · ${p.membershipNumber}` : ''}
                        {p.branch ? ` · ${p.branch.name}` : ''} · {p.cases.map((c) => c.reference).join(', ')}
                      </span>
                      <Link href={`/cases/new/for-member?person=${encodeURIComponent(p.id)}`}>
                        Add a case for {p.fullName}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-3">Nobody on your cases matches “{q}”. Enter their details below.</p>
              ))}
          </>
        )}
      </section>

      <CaseForMemberForm
        person={person ? { id: person.id, fullName: person.fullName } : null}
        today={todayInUk()}
        regions={options.regions}
        branches={options.branches}
      />
    </div>
  );
}
