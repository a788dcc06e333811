import type { Metadata, Viewport } from 'next';
import Link from '@/lib/ui/link';
import { headers } from 'next/headers';
import { getSessionState } from '@/lib/auth/current-user';
import { SignOutButton } from '@/lib/auth/components/sign-out-button';
import { formatTimestamp } from '@/lib/dates/partial-date';
import { canDecideErasure, canManageOrganisation, canViewStatistics } from '@/lib/auth/policy';
import { HOLD_EARLY_SUBMITS } from '@/lib/ui/hold-early-submits';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Reinstate', template: '%s · Reinstate' },
  description: 'Keep track of your suspension or expulsion case and get help to appeal.',
  robots: { index: false, follow: false },
};
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await getSessionState();
  // Someone who must set up two-step sign-in first sees no navigation: only the set-up page works for them.
  const user = session && session.gate.status !== 'enrol' ? session.user : null;
  const grace = session?.gate.status === 'grace' ? session.gate : null;
  // The per-request CSP nonce (proxy.ts), for the one inline script of the app.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en-GB">
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: HOLD_EARLY_SUBMITS }} />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-3 focus:bg-white">
          Skip to main content
        </a>
        <header className="bg-brand-800 text-white">
          <nav aria-label="Main" className="mx-auto max-w-5xl px-4 py-2 flex flex-wrap items-center gap-x-5 gap-y-1">
            <Link
              href={user ? '/cases' : '/'}
              className="text-white no-underline text-xl font-bold py-2 hover:text-white"
            >
              Reinstate
            </Link>
            {user && (
              <>
                <Link href="/cases" className="text-white py-3 hover:text-white">
                  {user.role === 'MEMBER' ? 'Your case' : user.role === 'CASEWORKER' ? 'My cases' : 'All cases'}
                </Link>
                <Link href="/deadlines" className="text-white py-3 hover:text-white">
                  Deadlines
                </Link>
                {user.role !== 'MEMBER' && (
                  <Link href="/groups" className="text-white py-3 hover:text-white">
                    Group actions
                  </Link>
                )}
                {canViewStatistics(user) && (
                  <Link href="/statistics" className="text-white py-3 hover:text-white">
                    Statistics
                  </Link>
                )}
                {user.role === 'COORDINATOR' && (
                  <Link href="/reviews" className="text-white py-3 hover:text-white">
                    Reviews
                  </Link>
                )}
                {user.role === 'COORDINATOR' && (
                  <Link href="/team" className="text-white py-3 hover:text-white">
                    Team
                  </Link>
                )}
                {canManageOrganisation(user) && (
                  <Link href="/settings" className="text-white py-3 hover:text-white">
                    Settings
                  </Link>
                )}
                {canDecideErasure(user) && (
                  <Link href="/erasure" className="text-white py-3 hover:text-white">
                    Erasure
                  </Link>
                )}
                {user.role === 'COORDINATOR' && (
                  <Link href="/access-requests" className="text-white py-3 hover:text-white">
                    Access requests
                  </Link>
                )}
                <Link href="/account" className="text-white py-3 hover:text-white">
                  Account
                </Link>
                <form method="get" action="/search" role="search" aria-label="Search cases" className="flex gap-1">
                  <label htmlFor="header-search" className="sr-only">
                    Search cases
                  </label>
                  <input
                    id="header-search"
                    name="q"
                    type="search"
                    placeholder="Search"
                    enterKeyHint="search"
                    className="w-36 sm:w-44 rounded-md border-2 border-white bg-white px-2 py-1 min-h-11 text-stone-900"
                  />
                  <button
                    type="submit"
                    className="rounded-md border-2 border-white px-3 min-h-11 font-semibold text-white"
                  >
                    Search
                  </button>
                </form>
                <span className="ml-auto text-brand-100 text-sm">Signed in as {user.name}</span>
                <span className="[&_button]:text-white">
                  <SignOutButton />
                </span>
              </>
            )}
            {session && !user && (
              <>
                <span className="ml-auto text-brand-100 text-sm">Signed in as {session.user.name}</span>
                <span className="[&_button]:text-white">
                  <SignOutButton />
                </span>
              </>
            )}
          </nav>
        </header>
        {grace && (
          <div className="bg-amber-50 border-b-2 border-amber-700">
            <p className="mx-auto max-w-5xl px-4 py-3">
              <strong>Set up two-step sign-in{grace.until ? ` by ${formatTimestamp(grace.until)}` : ''}.</strong> It is
              required for caseworkers and coordinators.{' '}
              <Link href="/account/two-step" className="font-semibold">
                Set it up now
              </Link>
            </p>
          </div>
        )}
        <main id="main" className="mx-auto max-w-5xl px-4 py-6">
          {children}
        </main>
        <footer className="mx-auto max-w-5xl px-4 py-8 text-sm text-stone-600">
          Your information is private. Everyone who opens or changes your case is recorded, and you can see who.
        </footer>
      </body>
    </html>
  );
}
