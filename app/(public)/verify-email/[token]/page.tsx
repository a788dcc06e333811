import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { findUsableSignUp } from '@/lib/users/sign-up-services';
import { VerifyEmailForm } from '@/lib/auth/components/verify-email-form';
import { Alert } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Confirm your email' };

// The token is the proof that this person reads the mailbox: single use, 24 hours, stored only as a hash.
// Opening the page changes nothing (mail scanners open links); the form with the password does.
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const request = await findUsableSignUp(token);
  if (!request) {
    return (
      <div className="max-w-md">
        <h1 className="text-3xl font-bold mb-4">This link no longer works</h1>
        <Alert kind="info">
          Links to finish creating an account work once, for 24 hours.{' '}
          <Link href="/signup">Create your account again</Link> to get a new one, or <Link href="/login">sign in</Link>{' '}
          if you already have.
        </Alert>
      </div>
    );
  }
  return (
    <div className="max-w-md">
      <h1 className="text-3xl font-bold mb-2">Confirm your email</h1>
      <p className="mb-5">Welcome, {request.name}. Type the password you chose to finish creating your account.</p>
      <VerifyEmailForm token={token} email={request.email} />
    </div>
  );
}
