import Link from '@/lib/ui/link';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { linkButtonClass, secondaryLinkButtonClass } from '@/lib/ui/button';

export default async function HomePage() {
  if (await getCurrentUser()) redirect('/cases');
  return (
    <div className="max-w-2xl">
      <h1 className="text-3xl font-bold mb-4">Suspended or expelled? You are not on your own.</h1>
      <p className="mb-3 text-lg">
        Reinstate helps you keep a record of what happened to you, with dates and letters, so that a volunteer
        caseworker can help you appeal or ask to be reinstated.
      </p>
      <p className="mb-6">
        Only you, the caseworkers you agree to, and the network’s coordinators can see your case. Every time someone
        opens it, it is recorded, and you can see who.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link href="/signup" className={linkButtonClass}>
          Start your case
        </Link>
        <Link href="/login" className={secondaryLinkButtonClass}>
          Sign in
        </Link>
      </div>
    </div>
  );
}
