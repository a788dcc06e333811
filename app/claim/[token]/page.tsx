import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { getCurrentUser } from '@/lib/auth/current-user';
import { canClaimCase } from '@/lib/auth/policy';
import { CLAIM_PROBLEMS, findClaim } from '@/lib/cases/claim-case';
import { ClaimCaseButton } from '@/lib/cases/components/claim-case-button';
import { PendingClaim } from '@/lib/cases/components/pending-claim';
import { formatTimestamp } from '@/lib/dates/partial-date';
import { Alert } from '@/lib/ui/feedback';
import { linkButtonClass, secondaryLinkButtonClass } from '@/lib/ui/button';

export const metadata: Metadata = { title: 'Your case' };

// The token is the authorization (single use, expiring, stored only as a hash). Opening the page changes
// nothing (mail scanners open links): the member presses the button, signed in as a member.
export default async function ClaimPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [claim, user] = await Promise.all([findClaim(token), getCurrentUser()]);
  if (!claim) notFound();

  if (claim.state !== 'open') {
    const yours = claim.state === 'used' && user && claim.usedById === user.id;
    return (
      <div className="max-w-md">
        <PendingClaim token={token} remember={false} />
        <h1 className="text-3xl font-bold mb-4">
          {yours ? 'This case is on your account' : 'This link no longer works'}
        </h1>
        {yours ? (
          <p>
            <Link href={`/cases/${claim.reference}`} className={linkButtonClass}>
              Open your case
            </Link>
          </p>
        ) : (
          <Alert kind="info">{CLAIM_PROBLEMS[claim.state]}</Alert>
        )}
      </div>
    );
  }

  if (!user) {
    return (
      <div className="max-w-md">
        <PendingClaim token={token} remember />
        <h1 className="text-3xl font-bold mb-2">A caseworker has recorded your case</h1>
        <p className="mb-3">
          To see it, and add to it yourself, sign in to Reinstate — or create an account if you do not have one. Then
          you will come back here to add the case to your account.
        </p>
        <p className="mb-5 text-stone-700">
          Creating an account? We will email you a link to confirm your address. Open it on this phone or computer.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/login" className={linkButtonClass}>
            Sign in
          </Link>
          <Link href="/signup" className={secondaryLinkButtonClass}>
            Create an account
          </Link>
        </div>
      </div>
    );
  }

  if (!canClaimCase(user)) {
    return (
      <div className="max-w-md">
        <PendingClaim token={token} remember={false} />
        <h1 className="text-3xl font-bold mb-4">This link is for the member</h1>
        <Alert kind="warning" title="A staff account cannot claim a case">
          You are signed in as {user.name}, a {user.role === 'COORDINATOR' ? 'coordinator' : 'caseworker'}. Only the
          member can add their case to their own account. If you are helping them on this device, sign out first and let
          them sign in.
        </Alert>
      </div>
    );
  }

  return (
    <div className="max-w-md">
      <PendingClaim token={token} remember={false} />
      <h1 className="text-3xl font-bold mb-2">Add your case to your account</h1>
      <p className="mb-2">
        {claim.sentBy} recorded the case of <strong>{claim.memberName}</strong> on {formatTimestamp(claim.createdAt)}.
      </p>
      <p className="mb-5">
        If this is you, add it to your account ({user.name}). You will then see it with your other cases, and can add to
        it. If it is not you, do not press the button: tell the network.
      </p>
      <ClaimCaseButton token={token} />
    </div>
  );
}
