'use client';

import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';

type Upload = {
  id: number;
  name: string;
  size: number;
  progress: number;
  state: 'uploading' | 'done' | 'refused' | 'cancelled' | 'failed';
  message?: string;
  xhr?: XMLHttpRequest;
};

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
  // Staff may file straight into "caseworkers only": the member never sees the file, not even for a moment.
  const [hidden, setHidden] = useState(false);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const nextId = useRef(1);
  const patch = (id: number, p: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...p } : u)));

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const id = nextId.current++;
      const xhr = new XMLHttpRequest();
      setUploads((all) => [...all, { id, name: file.name, size: file.size, progress: 0, state: 'uploading', xhr }]);
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
          patch(id, { state: 'done', progress: 100, message: 'Filed.' });
          router.refresh();
        } else if (xhr.status === 422 || xhr.status === 413) {
          patch(id, { state: 'refused', message: body.error ?? `${file.name}: this file was refused.` });
        } else {
          patch(id, { state: 'failed', message: body.error ?? `${file.name}: the upload failed. Please try again.` });
        }
      };
      xhr.onerror = () =>
        patch(id, { state: 'failed', message: `${file.name}: the connection was lost. Please try again.` });
      xhr.onabort = () => patch(id, { state: 'cancelled', message: `${file.name}: cancelled. Nothing was filed.` });
      xhr.open('POST', `/api/cases/${encodeURIComponent(reference)}/evidence`);
      xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      if (hidden) xhr.setRequestHeader('X-Caseworkers-Only', '1');
      xhr.send(file);
    }
  };

  return (
    <section aria-labelledby="upload-heading" className="mb-8">
      <h3 id="upload-heading" className="text-xl font-bold mb-2">
        Add files
      </h3>
      {canMarkCaseworkersOnly && (
        <label className="flex items-start gap-3 mb-3 cursor-pointer">
          <input
            type="checkbox"
            className="size-6 mt-1"
            checked={hidden}
            onChange={(e) => setHidden(e.target.checked)}
          />
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
                {u.state === 'uploading' && (
                  <button
                    type="button"
                    className="underline font-semibold min-h-11 px-2"
                    onClick={() => u.xhr?.abort()}
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
