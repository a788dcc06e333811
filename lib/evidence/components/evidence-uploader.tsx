'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';

type Upload = {
  id: number;
  name: string;
  size: number;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'refused' | 'cancelled' | 'failed';
  message?: string;
  xhr?: XMLHttpRequest;
};

/**
 * Files going up at once; the rest wait their turn. A caseworker may drop a hundred scanned pages: sent all at
 * once they would share the connection (and the server) a hundred ways, so that none finishes early.
 */
const AT_ONCE = 3;
/** While a long batch is still going up, the list of filed evidence is brought up to date at most this often. */
const REFRESH_EVERY_MS = 10_000;
/** The time, read only from the upload's event handlers (never while rendering). */
const now = () => Date.now();

const formatSize = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/** Drag and drop or pick files; each goes up on its own request with its own progress bar and Cancel. */
export function EvidenceUploader({
  reference,
  maxMb,
  canMarkCaseworkersOnly,
}: {
  reference: string;
  maxMb: number;
  canMarkCaseworkersOnly: boolean;
}) {
  const router = useRouter();
  const [uploads, setUploads] = useState<Upload[]>([]);
  // Staff may file straight into "caseworkers only": the member never sees the file, not even for a moment. The
  // box is read when files are added, not mirrored in state: ticked while the page was still plain HTML (a slow
  // phone), state would have stayed false under a ticked box, and the files would have gone to the member.
  const hiddenBox = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const nextId = useRef(1);
  // Files waiting for their turn (each with the choice of "caseworkers only" made when it was added), how
  // many are going up, and whether something was filed since the page's list was last brought up to date.
  const waiting = useRef<{ id: number; file: File; hidden: boolean }[]>([]);
  const running = useRef(0);
  const filedSince = useRef(false);
  const lastRefresh = useRef(0);
  // Closing or reloading the page would stop the files still going up: the browser asks first.
  const busy = uploads.some((u) => u.state === 'uploading' || u.state === 'waiting');
  useEffect(() => {
    if (!busy) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ''; // older browsers ask only when this is set
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [busy]);
  const patch = (id: number, p: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...p } : u)));

  // The page's list of evidence is rendered by the server: fetched again once the batch has gone up (and now and
  // then during a long one), not once per file.
  const refreshIfDue = () => {
    if (!filedSince.current) return;
    const idle = running.current === 0 && waiting.current.length === 0;
    if (!idle && now() - lastRefresh.current < REFRESH_EVERY_MS) return;
    filedSince.current = false;
    lastRefresh.current = now();
    router.refresh();
  };

  const send = (id: number, file: File, hiddenFile: boolean) => {
    const xhr = new XMLHttpRequest();
    running.current++;
    patch(id, { state: 'uploading', xhr });
    const settle = (p: Partial<Upload>) => {
      running.current--;
      patch(id, { ...p, xhr: undefined });
      pump();
      refreshIfDue();
    };
    xhr.upload.onprogress = (e) =>
      e.lengthComputable && patch(id, { progress: Math.round((e.loaded / e.total) * 100) });
    xhr.onload = () => {
      let body: { ok?: boolean; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 201) {
        filedSince.current = true;
        settle({ state: 'done', progress: 100, message: 'Filed.' });
      } else if (xhr.status === 422 || xhr.status === 413) {
        settle({ state: 'refused', message: body.error ?? `${file.name}: this file was refused.` });
      } else {
        settle({ state: 'failed', message: body.error ?? `${file.name}: the upload failed. Please try again.` });
      }
    };
    xhr.onerror = () =>
      settle({ state: 'failed', message: `${file.name}: the connection was lost. Please try again.` });
    xhr.onabort = () => settle({ state: 'cancelled', message: `${file.name}: cancelled. Nothing was filed.` });
    xhr.open('POST', `/api/cases/${encodeURIComponent(reference)}/evidence`);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (hiddenFile) xhr.setRequestHeader('X-Caseworkers-Only', '1');
    xhr.send(file);
  };

  const pump = () => {
    while (running.current < AT_ONCE && waiting.current.length > 0) {
      const next = waiting.current.shift()!;
      send(next.id, next.file, next.hidden);
    }
  };

  const start = (files: FileList | File[]) => {
    // A new batch: the in-between refresh is counted from its start.
    if (running.current === 0 && waiting.current.length === 0) lastRefresh.current = now();
    const hidden = hiddenBox.current?.checked ?? false;
    for (const file of Array.from(files)) {
      const id = nextId.current++;
      setUploads((all) => [...all, { id, name: file.name, size: file.size, progress: 0, state: 'waiting' }]);
      waiting.current.push({ id, file, hidden });
    }
    pump();
  };

  /** Cancel: a file going up is stopped (nothing is filed); one still waiting is taken out of the queue. */
  const cancel = (u: Upload) => {
    if (u.xhr) return u.xhr.abort();
    const before = waiting.current.length;
    waiting.current = waiting.current.filter((w) => w.id !== u.id);
    if (waiting.current.length < before) {
      patch(u.id, { state: 'cancelled', message: `${u.name}: cancelled. Nothing was filed.` });
      refreshIfDue();
    }
  };

  return (
    <section aria-labelledby="upload-heading" className="mb-8">
      <h3 id="upload-heading" className="text-xl font-bold mb-2">
        Add files
      </h3>
      {canMarkCaseworkersOnly && (
        <label className="flex items-start gap-3 mb-3 cursor-pointer">
          <input type="checkbox" className="size-6 mt-1" ref={hiddenBox} />
          <span>
            <strong>Caseworkers only.</strong> The member will not see the files you add next.
          </span>
        </label>
      )}
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          start(e.dataTransfer.files);
        }}
        className={`rounded-lg border-2 border-dashed p-6 text-center ${dragging ? 'border-brand-700 bg-brand-50' : 'border-stone-400 bg-white'}`}
      >
        <p className="mb-3">Drag letters, emails, screenshots or documents here, or</p>
        <label className="inline-flex items-center justify-center rounded-md border-2 px-4 py-2 min-h-12 font-semibold bg-brand-700 text-white border-brand-800 cursor-pointer focus-within:outline focus-within:outline-3 focus-within:outline-amber-700">
          Choose files
          <input
            ref={input}
            type="file"
            multiple
            className="sr-only"
            onChange={(e) => {
              if (e.target.files) start(e.target.files);
              e.target.value = '';
            }}
            accept=".pdf,.jpg,.jpeg,.png,.webp,.heic,.heif,.txt,.eml,.docx,application/pdf,image/*,text/plain,message/rfc822"
          />
        </label>
        <p className="text-stone-600 mt-3 text-sm">
          PDF, photos (JPEG, PNG, WebP, HEIC), text, email (.eml) or Word (.docx), up to {maxMb} MB each.
        </p>
      </div>
      {uploads.length > 0 && (
        <ul className="grid gap-2 mt-4" aria-live="polite">
          {uploads.map((u) => (
            <li
              key={u.id}
              className={`rounded border p-3 ${u.state === 'refused' || u.state === 'failed' ? 'border-red-700 bg-red-50' : 'border-stone-300 bg-white'}`}
            >
              <div className="flex flex-wrap items-center gap-3">
                <span className="font-semibold break-all">{u.name}</span>
                <span className="text-sm text-stone-600">{formatSize(u.size)}</span>
                {u.state === 'waiting' && <span className="text-sm text-stone-700">Waiting to go up…</span>}
                {(u.state === 'uploading' || u.state === 'waiting') && (
                  <button
                    type="button"
                    className="underline font-semibold min-h-11 px-2"
                    onClick={() => cancel(u)}
                    aria-label={`Cancel uploading ${u.name}`}
                  >
                    Cancel
                  </button>
                )}
              </div>
              {u.state === 'uploading' && (
                <progress className="w-full h-3" max={100} value={u.progress} aria-label={`Uploading ${u.name}`}>
                  {u.progress}%
                </progress>
              )}
              {u.message && (
                <p
                  role={u.state === 'refused' || u.state === 'failed' ? 'alert' : undefined}
                  className={
                    u.state === 'refused' || u.state === 'failed' ? 'text-red-800 font-semibold' : 'text-stone-700'
                  }
                >
                  {u.message}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
