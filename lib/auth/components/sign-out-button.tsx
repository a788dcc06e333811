'use client';

import { signOut } from './auth-client';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/login' })}
      className="underline underline-offset-2 font-semibold min-h-12 px-2"
    >
      Sign out
    </button>
  );
}
