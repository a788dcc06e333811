import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { listTeam } from '@/lib/users/account-services';
import { InviteForm, ResetSecondFactorButton, TeamMemberControls } from '@/lib/users/components/team-forms';
import { Badge, EmptyState, PageHeader } from '@/lib/ui/feedback';
import { formatTimestamp } from '@/lib/dates/partial-date';

export const metadata: Metadata = { title: 'Team' };

type TwoStepState = {
  mfaRequiredAt: Date | null;
  totpFactor: { confirmedAt: Date | null } | null;
  _count: { passkeys: number };
};

function twoStepWords(u: TwoStepState): string {
  const ways = [
    u.totpFactor?.confirmedAt ? 'authenticator app' : null,
    u._count.passkeys ? `${u._count.passkeys} passkey${u._count.passkeys === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  if (ways.length) return `on (${ways.join(', ')})`;
  if (u.mfaRequiredAt && u.mfaRequiredAt <= new Date()) return 'not set up: must set it up at next sign-in';
  return u.mfaRequiredAt
    ? `not set up yet (due by ${formatTimestamp(u.mfaRequiredAt)})`
    : 'not set up yet (has not signed in since it became required)';
}

export default async function TeamPage() {
  const { user } = await requirePageUser(['COORDINATOR']);
  const { users, invites } = await listTeam(user);
  return (
    <>
      <PageHeader title="Team">
        <p>Invite caseworkers, change roles, and disable accounts. Changes take effect on the person’s next click.</p>
      </PageHeader>
      <div className="grid gap-8 lg:grid-cols-[1fr_1fr]">
        <section aria-labelledby="invite-heading">
          <h2 id="invite-heading" className="text-2xl font-bold mb-3">
            Invite someone
          </h2>
          <InviteForm />
          <h3 className="text-xl font-bold mt-6 mb-2">Waiting to accept</h3>
          {invites.length === 0 ? (
            <p>No invitations are waiting.</p>
          ) : (
            <ul className="grid gap-2">
              {invites.map((i) => (
                <li key={i.id}>
                  {i.name} ({i.email}) – link expires {formatTimestamp(i.expiresAt)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="people-heading">
          <h2 id="people-heading" className="text-2xl font-bold mb-3">
            Caseworkers and coordinators
          </h2>
          {users.length === 0 ? (
            <EmptyState title="Nobody yet">Invite your first caseworker with the form.</EmptyState>
          ) : (
            <ul className="grid gap-3">
              {users.map((u) => (
                <li key={u.id} className="bg-white rounded-lg border border-stone-300 p-4">
                  <p className="font-semibold">
                    {u.name} {u.disabledAt && <Badge tone="bad">Disabled</Badge>}
                  </p>
                  <p className="text-stone-700 mb-2">
                    {u.email} · {u._count.assignments} open case{u._count.assignments === 1 ? '' : 's'}
                  </p>
                  <p className="mb-2">Two-step sign-in: {twoStepWords(u)}</p>
                  {u.id !== user.id ? (
                    <>
                      <TeamMemberControls userId={u.id} name={u.name} role={u.role} disabled={!!u.disabledAt} />
                      <ResetSecondFactorButton userId={u.id} name={u.name} />
                    </>
                  ) : (
                    <p className="text-stone-600">This is you.</p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
