'use client';

import { useState } from 'react';
import Link from '@/lib/ui/link';
import { useRouter } from 'next/navigation';
import { discardLetterDraftAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { formatSavedAt } from './saved-at';
import type { LetterDraftRow } from '../letter-drafts';

/** The case's saved letter drafts: continue one, or discard it on purpose (after a yes/no question). */
export function LetterDraftsList({ reference, drafts }: { reference: string; drafts: LetterDraftRow[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const discard = async (d: LetterDraftRow) => {
    if (
      !window.confirm(
        `Discard the draft “${d.title}”? What was typed in it will be lost. The case and its letters are not changed.`,
      )
    )
      return;
    setBusy(d.id);
    setMessage(null);
    try {
      const res = await discardLetterDraftAction({ draftId: d.id, version: d.version });
      setMessage(
        res.ok
          ? { kind: 'success', text: `The draft “${d.title}” was discarded.` }
          : { kind: 'error', text: res.error },
      );
      router.refresh();
    } catch {
      setMessage({ kind: 'error', text: 'We could not reach the server. Check your connection and try again.' });
    } finally {
      setBusy(null);
    }
  };

  if (drafts.length === 0 && !message) return null;
  return (
    <section aria-labelledby="drafts-heading" className="mb-6">
      <h3 id="drafts-heading" className="text-xl font-bold mb-2">
        Drafts
      </h3>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {drafts.length > 0 && (
        <ul className="grid gap-3">
          {drafts.map((d) => (
            <li key={d.id} className="rounded-lg border-2 border-dashed border-stone-400 bg-white p-4">
              <p className="font-bold">
                {d.title} <span className="font-normal text-stone-700">(draft, not sent)</span>
              </p>
              <p>
                Last saved {formatSavedAt(d.savedAt)} · started by {d.savedBy}
              </p>
              <p className="flex flex-wrap items-center gap-4 mt-2">
                <Link
                  href={`/cases/${reference}/letters/new?draft=${d.id}`}
                  aria-label={`Continue the draft “${d.title}”`}
                >
                  Continue this draft →
                </Link>
                <Button
                  type="button"
                  variant="secondary"
                  disabled={busy === d.id}
                  onClick={() => discard(d)}
                  aria-label={`Discard the draft “${d.title}”`}
                >
                  {busy === d.id ? 'Discarding…' : 'Discard draft'}
                </Button>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
