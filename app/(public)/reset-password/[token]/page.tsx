import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { findUsableReset } from '@/lib/users/password-reset-services';
import { ResetPasswordForm } from '@/lib/auth/components/reset-password-form';
import { Alert } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Choose a new password' };

// The token itself is the authorization: single use, an hour, stored only as a hash.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await findUsableReset(token);
  if (!reset) {
    return (
      <div className="max-w-md">
        <h1 className="text-3xl font-bold mb-4">This link no longer works</h1>
        <Alert kind="info">
          Links to choose a new password work once, for an hour. <Link href="/forgot-password">Ask for a new link</Link>
          .
        </Alert>
      </div>
    );
  }
  return (
    <div className="max-w-md">
      <h1 className="text-3xl font-bold mb-2">Choose a new password</h1>
      <p className="mb-5">
        For the account <strong>{reset.user.email}</strong>. Every device signed in to it will be signed out.
      </p>
      <ResetPasswordForm token={token} />
    </div>
  );
}
