import type { Metadata } from 'next';
import { findUsableInvite } from '@/lib/users/invite-services';
import { AcceptInviteForm } from '@/lib/auth/components/accept-invite-form';
import { Alert } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Accept your invitation' };

// The token itself is the authorization: single use, expiring, stored only as a hash.
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findUsableInvite(token);
  if (!invite) {
    return (
      <div className="max-w-md">
        <h1 className="text-3xl font-bold mb-4">This link no longer works</h1>
        <Alert kind="info">Invitation links work once and expire. Ask your coordinator to send you a new one.</Alert>
      </div>
    );
  }
  return (
    <div className="max-w-md">
      <h1 className="text-3xl font-bold mb-2">Welcome, {invite.name}</h1>
      <p className="mb-5">
        You have been invited to join Reinstate as a {invite.role === 'COORDINATOR' ? 'coordinator' : 'caseworker'}.
        Choose a password to finish.
      </p>
      <AcceptInviteForm token={token} email={invite.email} />
    </div>
  );
}
