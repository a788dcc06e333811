import type { Metadata } from 'next';
import Link from '@/lib/ui/link';
import { requireEnrollingUser } from '@/lib/auth/require-user';
import { getTwoStepStatus } from '@/lib/auth/two-step-services';
import { TwoStepSettings } from '@/lib/auth/components/two-step-settings';
import { SignOutButton } from '@/lib/auth/components/sign-out-button';
import { Alert, PageHeader } from '@/lib/ui/feedback';
import { formatTimestamp } from '@/lib/dates/partial-date';

export const metadata: Metadata = { title: 'Two-step sign-in' };

// The one page open to someone who must set up two-step sign-in before anything else.
export default async function TwoStepPage() {
  const { user, gate } = await requireEnrollingUser();
  const status = await getTwoStepStatus(user);
  const mustEnrol = gate.status === 'enrol';
  return (
    <div className="max-w-2xl">
      <PageHeader title="Two-step sign-in">
        <p>
          After your password, you also confirm it is you with your phone or a passkey. Someone who learns your password
          still cannot get in.
        </p>
      </PageHeader>
      {mustEnrol && (
        <Alert title="Set up two-step sign-in to continue">
          <p>
            {status.required && user.role !== 'MEMBER'
              ? 'Caseworkers and coordinators can open cases about people’s political opinions, so two-step sign-in is required. '
              : ''}
            Set up an authenticator app or a passkey below; then you can carry on.
          </p>
        </Alert>
      )}
      {gate.status === 'grace' && (
        <Alert kind="info" title="Required for your role">
          <p>
            Please set it up{gate.until ? ` by ${formatTimestamp(gate.until)}` : ' soon'}. After that you will not be
            able to open anything else until you do.
          </p>
        </Alert>
      )}
      <TwoStepSettings
        view={{
          totpSince: status.totpSince ? formatTimestamp(status.totpSince) : null,
          passkeys: status.passkeys.map((p) => ({
            id: p.id,
            name: p.name,
            createdAt: formatTimestamp(p.createdAt),
            lastUsedAt: p.lastUsedAt ? formatTimestamp(p.lastUsedAt) : null,
          })),
          recoveryCodesLeft: status.recoveryCodesLeft,
        }}
      />
      <p className="mt-8">{mustEnrol ? <SignOutButton /> : <Link href="/account">Back to your account</Link>}</p>
    </div>
  );
}
