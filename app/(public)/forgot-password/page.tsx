import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/lib/auth/components/forgot-password-form';

export const metadata: Metadata = { title: 'Forgotten your password?' };

export default function ForgotPasswordPage() {
  return (
    <div className="max-w-md">
      <h1 className="text-3xl font-bold mb-2">Forgotten your password?</h1>
      <p className="mb-5 text-stone-700">
        Type the email address you sign in with. We will send you a link to choose a new one. If you use two-step
        sign-in, you will still need your app, passkey or a recovery code.
      </p>
      <ForgotPasswordForm />
      <p className="mt-6">
        <Link href="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
