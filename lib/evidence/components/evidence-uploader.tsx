'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { REQUESTS_AT_ONCE, takeGroup } from '../upload-groups';

type Upload = {
  id: number;
  name: string;
  size: number;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'refused' | 'cancelled' | 'failed';
  message?: string;
  xhr?: XMLHttpRequest;
};

type Waiting = { id: number; file: File; hidden: boolean };
type Answer = { error?: string; data?: { files?: { filed?: unknown; error?: string }[] } };
/** The server's JSON answer, or nothing when it is not JSON (a proxy's error page). */
const answer = (xhr: XMLHttpRequest): Answer => {
  try {
    return JSON.parse(xhr.responseText) as Answer;
  } catch {
    return {};
  }
};
/** While a long batch is still going up, the list of filed evidence is brought up to date at most this often. */
const REFRESH_EVERY_MS = 10_000;
/** The time, read only from the upload's event handlers (never while rendering). */
const now = () => Date.now();

const formatSize = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/** Drag and drop or pick files; each has its own progress bar and Cancel (small ones share a request). */
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
  const waiting = useRef<Waiting[]>([]);
  // Files whose Cancel stopped the group they were going up in (the others of the group go again).
  const cancelled = useRef(new Set<number>());
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
      const body = answer(xhr);
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
    xhr.onabort = () => {
      cancelled.current.delete(id);
      settle({ state: 'cancelled', message: `${file.name}: cancelled. Nothing was filed.` });
    };
    xhr.open('POST', `/api/cases/${encodeURIComponent(reference)}/evidence`);
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (hiddenFile) xhr.setRequestHeader('X-Caseworkers-Only', '1');
    xhr.send(file);
  };

  /**
   * Small files go up together, one request for up to twenty (lib/evidence/upload-groups.ts), each with its own
   * progress bar, worked out from the request's. The server files the group whole or not at all: Cancel on one
   * of its files stops the request, and the others wait for their turn again, to go up without it.
   */
  const sendGroup = (group: Waiting[]) => {
    const xhr = new XMLHttpRequest();
    running.current++;
    const ids = new Set(group.map((g) => g.id));
    const patchGroup = (p: (g: Waiting, i: number) => Partial<Upload>) =>
      setUploads((all) =>
        all.map((u) => {
          if (!ids.has(u.id)) return u;
          const i = group.findIndex((g) => g.id === u.id);
          return { ...u, ...p(group[i]!, i) };
        }),
      );
    patchGroup(() => ({ state: 'uploading', progress: 0, xhr }));
    const settle = (p: (g: Waiting, i: number) => Partial<Upload>) => {
      running.current--;
      patchGroup((g, i) => ({ ...p(g, i), xhr: undefined }));
      pump();
      refreshIfDue();
    };
    const total = group.reduce((sum, g) => sum + g.file.size, 0);
    const starts = group.map((_, i) => group.slice(0, i).reduce((sum, g) => sum + g.file.size, 0));
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable || e.total === 0) return;
      const sent = (e.loaded / e.total) * total;
      patchGroup((g, i) => ({
        progress: Math.round(Math.min(1, Math.max(0, (sent - starts[i]!) / Math.max(1, g.file.size))) * 100),
      }));
    };
    xhr.onload = () => {
      const body = answer(xhr);
      const results = xhr.status === 200 ? body.data?.files : undefined;
      if (results && results.length === group.length) {
        if (results.some((r) => r.filed)) filedSince.current = true;
        settle((g, i) =>
          results[i]!.filed
            ? { state: 'done', progress: 100, message: 'Filed.' }
            : { state: 'refused', message: results[i]!.error ?? `${g.file.name}: this file was refused.` },
        );
      } else if (xhr.status === 422 || xhr.status === 413) {
        settle((g) => ({ state: 'refused', message: `${g.file.name}: ${body.error ?? 'this file was refused.'}` }));
      } else {
        settle((g) => ({
          state: 'failed',
          message: `${g.file.name}: ${body.error ?? 'the upload failed. Please try again.'}`,
        }));
      }
    };
    xhr.onerror = () =>
      settle((g) => ({ state: 'failed', message: `${g.file.name}: the connection was lost. Please try again.` }));
    xhr.onabort = () => {
      // Nothing of the group was filed: the files not cancelled go back to the front of the queue, in order.
      const stopped = new Set(group.filter((g) => cancelled.current.delete(g.id)).map((g) => g.id));
      waiting.current.unshift(...group.filter((g) => !stopped.has(g.id)));
      settle((g) =>
        stopped.has(g.id)
          ? { state: 'cancelled', message: `${g.file.name}: cancelled. Nothing was filed.` }
          : { state: 'waiting', progress: 0 },
      );
    };
    xhr.open('POST', `/api/cases/${encodeURIComponent(reference)}/evidence`);
    xhr.setRequestHeader('X-File-Count', String(group.length));
    if (group[0]!.hidden) xhr.setRequestHeader('X-Caseworkers-Only', '1');
    const form = new FormData();
    for (const g of group) form.append('file', g.file, g.file.name);
    xhr.send(form); // the browser sets the multipart Content-Type and its boundary
  };

  const pump = () => {
    while (running.current < REQUESTS_AT_ONCE && waiting.current.length > 0) {
      const group = takeGroup(waiting.current);
      if (group.length === 1) send(group[0]!.id, group[0]!.file, group[0]!.hidden);
      else sendGroup(group);
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
    if (u.xhr) {
      cancelled.current.add(u.id);
      return u.xhr.abort();
    }
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
