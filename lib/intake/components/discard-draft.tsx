'use client';

import { useId, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { discardIntakeDraftAction } from '../actions';

/**
 * "Discard this draft", then a plain question with two large answers: a slip of the thumb on a phone
 * must not throw away half an hour of typing. On an error nothing on the page is cleared — the form
 * beside it keeps what was typed — and the answer is shown here, next to the button that failed.
 * After a discard the member goes to (or stays on) their cases page, refreshed, where "Log another
 * case" or "Start your case" comes back.
 */
export function DiscardDraft({ onDiscarded }: { onDiscarded?: () => void }) {
  const router = useRouter();
  const id = useId().replace(/:/g, '');
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);

  const ask = () => {
    setAsking(true);
    setError(null);
    requestAnimationFrame(() => questionRef.current?.focus());
  };
  const keep = () => {
    setAsking(false);
    setError(null);
    requestAnimationFrame(() => openerRef.current?.focus());
  };
  const discard = async () => {
    setPending(true);
    setError(null);
    try {
      const res = await discardIntakeDraftAction({});
      if (!res.ok) return setError(res.error);
      onDiscarded?.();
      router.push('/cases');
      router.refresh();
    } catch {
      setError(
        'We could not reach the server, so your draft has not been discarded. Check your connection and try again.',
      );
    } finally {
      setPending(false);
    }
  };

  if (!asking) {
    return (
      <Button ref={openerRef} type="button" variant="secondary" onClick={ask}>
        Discard this draft
      </Button>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={`${id}-question`}
      className="w-full rounded-lg border-2 border-red-800 bg-red-50 p-4"
    >
      <p id={`${id}-question`} ref={questionRef} tabIndex={-1} className="font-bold mb-1">
        Discard everything you have typed so far?
      </p>
      <p className="mb-3">
        Nothing has been sent to anyone. You cannot get the draft back afterwards, but you can start again at any time.
      </p>
      {error && <Alert title="Your draft has not been discarded">{error}</Alert>}
      <div className="flex flex-wrap gap-3">
        <Button type="button" variant="danger" disabled={pending} onClick={discard}>
          {pending ? 'Discarding…' : 'Yes, discard it'}
        </Button>
        <Button type="button" variant="secondary" disabled={pending} onClick={keep}>
          No, keep it
        </Button>
      </div>
    </div>
  );
}
