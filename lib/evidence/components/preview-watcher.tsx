'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

// Previews are made after the answer, once a batch of uploads has gone up (lib/evidence/preview-queue.ts), so the
// list the server rendered can say "Preview being made". While it does, the page asks the server for the list
// again, further apart each time (about a minute in all), instead of leaving the person to reload it. It stops
// sooner once none is being made (this is then not rendered), and never refreshes a page that is not being looked at.
const DELAYS_MS = [1_500, 3_000, 6_000, 12_000, 30_000];

/** `pending`: the ids of the items whose preview is being made, as one string (a new set starts again). */
export function PreviewWatcher({ pending }: { pending: string }) {
  const router = useRouter();
  useEffect(() => {
    let step = 0;
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      if (step >= DELAYS_MS.length) return;
      timer = setTimeout(() => {
        step++;
        if (!document.hidden) router.refresh();
        next();
      }, DELAYS_MS[step]);
    };
    next();
    return () => clearTimeout(timer);
  }, [pending, router]);
  return null;
}
