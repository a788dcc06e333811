'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { createCalendarFeedAction, revokeCalendarFeedAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { inputClass } from '../../ui/field';

type Status = { createdAt: string; lastUsedAt: string | null } | null;

/**
 * Deadlines in the person's own calendar app through a secret link. The link is shown once, right
 * after it is made (only a fingerprint of it is stored), with a way to replace or turn it off.
 */
export function CalendarFeedPanel({ active }: { active: Status }) {
  const router = useRouter();
  const [url, setUrl] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  const run = async (kind: 'create' | 'revoke') => {
    setMessage(null);
    setPending(true);
    try {
      if (kind === 'create') {
        const res = await createCalendarFeedAction({});
        if (!res.ok) return setMessage({ kind: 'error', text: res.error });
        setUrl(res.data.url);
        setMessage({
          kind: 'success',
          text: active ? 'Your new link is ready. The old one has stopped working.' : 'Your calendar link is ready.',
        });
      } else {
        const res = await revokeCalendarFeedAction({});
        if (!res.ok) return setMessage({ kind: 'error', text: res.error });
        setUrl(null);
        setMessage({
          kind: 'success',
          text: 'Your calendar link is turned off. Your deadlines will disappear from your calendar the next time it checks.',
        });
      }
      router.refresh();
    } catch {
      setMessage({ kind: 'error', text: 'We could not reach the server. Check your connection and try again.' });
    } finally {
      setPending(false);
    }
  };

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setMessage({ kind: 'info', text: 'Link copied. Paste it into your calendar app.' });
    } catch {
      (document.getElementById('calendar-link') as HTMLInputElement | null)?.select();
      setMessage({ kind: 'info', text: 'Select the link and copy it (Ctrl+C, or Cmd+C on a Mac).' });
    }
  };

  return (
    <div className="bg-white rounded-lg border border-stone-300 p-4 mb-6">
      <p className="mb-3">
        See your deadlines in the calendar you already use (Google, Apple, Outlook). You get a private link; your
        calendar app checks it a few times a day, so new and changed deadlines appear on their own.
      </p>
      {message && (
        <Alert kind={message.kind} title={message.kind === 'error' ? 'That did not work' : undefined}>
          {message.text}
        </Alert>
      )}
      {url && (
        <div className="mb-4">
          <label htmlFor="calendar-link" className="block font-semibold mb-1">
            Your calendar link
          </label>
          <p id="calendar-link-hint" className="text-stone-600 mb-1 text-[0.95rem]">
            Copy it now: for your safety we show it only once. In your calendar app, choose to add a calendar
            &ldquo;from a URL&rdquo; or &ldquo;subscribe&rdquo;, and paste it.
          </p>
          <div className="flex flex-wrap gap-2">
            <input
              id="calendar-link"
              readOnly
              value={url}
              aria-describedby="calendar-link-hint calendar-link-warning"
              className={`${inputClass()} flex-1 min-w-0 font-mono text-sm`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" variant="secondary" onClick={copy}>
              Copy
            </Button>
          </div>
          <p id="calendar-link-warning" className="mt-2 font-semibold">
            Keep this link private. Anyone who has it can see your deadlines and case numbers. If you shared it by
            mistake, make a new link.
          </p>
        </div>
      )}
      {active && !url && (
        <p className="mb-3">
          You have a calendar link, made {active.createdAt}.{' '}
          {active.lastUsedAt ? `A calendar last checked it ${active.lastUsedAt}.` : 'No calendar has used it yet.'} If
          you have lost it, make a new one.
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        {active || url ? (
          <>
            <Button type="button" variant="secondary" disabled={pending} onClick={() => run('create')}>
              Make a new link (the old one stops working)
            </Button>
            <Button type="button" variant="danger" disabled={pending} onClick={() => run('revoke')}>
              Turn off my calendar link
            </Button>
          </>
        ) : (
          <Button type="button" disabled={pending} onClick={() => run('create')}>
            Create my calendar link
          </Button>
        )}
      </div>
    </div>
  );
}
