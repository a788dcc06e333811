'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { setReminderEmailsAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';

/** The daily deadline email, on or off, for the signed-in person only. */
export function ReminderSettings({
  enabled,
  audience,
}: {
  enabled: boolean;
  audience: 'member' | 'caseworker' | 'coordinator';
}) {
  const router = useRouter();
  const [checked, setChecked] = useState(enabled);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const scope = {
    member: 'your case',
    caseworker: 'the cases assigned to you',
    coordinator: 'every case in the network',
  }[audience];

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMessage(null);
    setPending(true);
    try {
      const res = await setReminderEmailsAction({ enabled: checked });
      if (!res.ok) return setMessage({ kind: 'error', text: res.error });
      setMessage({
        kind: 'success',
        text: res.data.enabled
          ? 'Saved. You will get an email on any day when something is overdue or due soon.'
          : 'Saved. We will not send you reminder emails.',
      });
      router.refresh();
    } catch {
      setMessage({ kind: 'error', text: 'We could not reach the server. Check your connection and try again.' });
    } finally {
      setPending(false);
    }
  };

  return (
    <form method="post" onSubmit={save} className="bg-white rounded-lg border border-stone-300 p-4 mb-6">
      {message && (
        <Alert kind={message.kind} title={message.kind === 'error' ? 'Not saved' : undefined}>
          {message.text}
        </Alert>
      )}
      <div className="flex items-start gap-3 mb-2">
        <input
          id="reminder-emails"
          type="checkbox"
          className="mt-1 h-6 w-6 shrink-0"
          checked={checked}
          onChange={(e) => {
            setChecked(e.target.checked);
            setMessage(null);
          }}
          aria-describedby="reminder-emails-hint"
        />
        <label htmlFor="reminder-emails" className="font-semibold">
          Email me a daily list of deadlines due in the next 7 days and any overdue
        </label>
      </div>
      <p id="reminder-emails-hint" className="text-stone-600 mb-4 text-[0.95rem]">
        For {scope}. Only on days when something is due, at most one email a day. It shows case numbers and dates, never
        names or details.
      </p>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </Button>
    </form>
  );
}
