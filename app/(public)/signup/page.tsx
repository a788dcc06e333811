import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { SignUpForm } from '@/lib/auth/components/sign-up-form';

export const metadata: Metadata = { title: 'Create an account' };

export default function SignUpPage() {
  return (
    <div className="max-w-md">
      <h1 className="text-3xl font-bold mb-2">Create an account</h1>
      <p className="mb-5 text-stone-700">
        You will then be asked about what happened to you. You can stop at any time and carry on later.
      </p>
      <SignUpForm />
      <p className="mt-6">
        Already have an account? <Link href="/login">Sign in</Link>.
      </p>
    </div>
  );
}
