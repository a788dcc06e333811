'use client';

import { useEffect, useState, useTransition } from 'react';
import { requestMemberExportAction } from '../actions';
import { Button, linkButtonClass } from '../../ui/button';
import { Alert } from '../../ui/feedback';

type Status = {
  id: string;
  status: 'QUEUED' | 'BUILDING' | 'READY' | 'FAILED';
  progress: number;
  progressNote: string | null;
  error: string | null;
  sizeBytes: number | null;
  fileCount: number | null;
  expiresAt: string | null;
  expired: boolean;
};

const ukTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
const megabytes = (n: number) =>
  n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(1)} MB`;

/** "Download my data" on the Account page: ask, watch it being made, then download it while the link works. */
export function MemberExportPanel({ initial, days }: { initial: Status | null; days: number }) {
  const [s, setS] = useState<Status | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const working = s?.status === 'QUEUED' || s?.status === 'BUILDING';

  useEffect(() => {
    if (!s || !working) return;
    const t = setTimeout(async () => {
      const res = await fetch(`/api/member-export/${s.id}`, { cache: 'no-store' }).catch(() => null);
      const body = res?.ok ? ((await res.json()) as { data: Status }) : null;
      setS((x) => (body ? body.data : x && { ...x })); // on a failed poll, try again on the next tick
    }, 1000);
    return () => clearTimeout(t);
  }, [s, working]);

  const ask = () =>
    start(async () => {
      setError(null);
      const res = await requestMemberExportAction({});
      if (!res.ok) return setError(res.error);
      setS({
        id: res.data.id,
        status: 'QUEUED',
        progress: 0,
        progressNote: 'Waiting to start',
        error: null,
        sizeBytes: null,
        fileCount: null,
        expiresAt: null,
        expired: false,
      });
    });

  const ready = s?.status === 'READY' && !s.expired;
  return (
    <div className="bg-white rounded-lg border border-stone-300 p-4 mb-6">
      <p className="mb-2">
        One zip file with everything you can see here about yourself: your account and details, your cases, their
        timeline, evidence files, letters, deadlines, reviews and who opened or changed them. A file called README.txt
        inside explains each part.
      </p>
      <p className="mb-3 text-sm">
        The download link works for {days} days. After that we delete the file, and you can ask for a new one.
      </p>
      {working && s && (
        <div className="mb-3">
          <progress
            max={100}
            value={s.status === 'QUEUED' ? undefined : s.progress}
            className="w-full h-4"
            aria-label="How far your download has got"
          />
          <p className="text-sm" aria-live="polite">
            {s.status === 'QUEUED' ? 'Waiting to start' : `Making your download: ${s.progress}%`}. You can leave this
            page: it carries on, and will be here when you come back.
          </p>
        </div>
      )}
      {ready && s && (
        <div className="mb-3" aria-live="polite">
          <p className="font-semibold mb-1">Your download is ready.</p>
          <p className="mb-2">
            <a href={`/api/member-export/${s.id}/download`} className={linkButtonClass} download>
              Save the zip file
            </a>
          </p>
          <p className="text-sm">
            Zip file{s.sizeBytes ? `, ${megabytes(s.sizeBytes)}` : ''}
            {s.fileCount ? `, ${s.fileCount} files` : ''}.
          </p>
          {s.expiresAt && <p className="text-sm">The link works until {ukTime(s.expiresAt)} (UK time).</p>}
        </div>
      )}
      {s?.status === 'READY' && s.expired && (
        <p className="mb-3">Your last download has run out and its file has been deleted. You can ask for a new one.</p>
      )}
      {s?.status === 'FAILED' && (
        <Alert>{s.error ?? 'Your download could not be made. Please ask for it again.'}</Alert>
      )}
      {error && <Alert>{error}</Alert>}
      {!working && (
        <Button type="button" onClick={ask} disabled={pending} variant={ready ? 'secondary' : 'primary'}>
          {pending ? 'Asking…' : ready ? 'Make a new download' : 'Download my data'}
        </Button>
      )}
    </div>
  );
}
