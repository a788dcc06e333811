import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { LoginForm } from '@/lib/auth/components/login-form';

export const metadata: Metadata = { title: 'Sign in' };

const NOTICES: Record<string, string> = {
  created: 'Your account is ready. Sign in to continue.',
  reset: 'Your password has been changed, and every device was signed out. Sign in with your new password.',
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const notice = Object.keys(NOTICES).find((k) => sp[k]);
  return (
    <div className="max-w-md">
      <h1 className="text-3xl font-bold mb-4">Sign in</h1>
      <LoginForm notice={notice ? NOTICES[notice] : undefined} />
      <p className="mt-6">
        New here? <Link href="/signup">Create an account to log your case</Link>.
      </p>
    </div>
  );
}
