'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';

type Status = {
  status: 'QUEUED' | 'BUILDING' | 'READY' | 'FAILED';
  progress: number;
  progressNote: string | null;
  error: string | null;
};

/** Polls a bundle being built and shows its progress; refreshes the page when it is done. */
export function BundleProgress({ id, initial }: { id: string; initial: Status }) {
  const router = useRouter();
  const [s, setS] = useState(initial);
  useEffect(() => {
    if (s.status === 'READY' || s.status === 'FAILED') return;
    const t = setTimeout(async () => {
      const res = await fetch(`/api/bundles/${id}`, { cache: 'no-store' }).catch(() => null);
      const body = res?.ok ? ((await res.json()) as { data: Status }) : null;
      if (!body) return setS((x) => ({ ...x })); // try again on the next tick
      setS(body.data);
      if (body.data.status === 'READY' || body.data.status === 'FAILED') router.refresh();
    }, 1000);
    return () => clearTimeout(t);
  }, [id, s, router]);
  const label = s.status === 'QUEUED' ? 'Waiting to start' : `Building: ${s.progress}%`;
  return (
    <div className="mt-2">
      <progress
        max={100}
        value={s.status === 'QUEUED' ? undefined : s.progress}
        className="w-full h-4"
        aria-label="Bundle progress"
      />
      <p className="text-sm" aria-live="polite">
        {label}
        {s.progressNote ? ` — ${s.progressNote}` : ''}. You can leave this page; the bundle keeps building.
      </p>
    </div>
  );
}
