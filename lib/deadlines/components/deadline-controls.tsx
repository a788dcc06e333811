'use client';

import { useState } from 'react';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { setSarExtensionAction, unwaiveDeadlineAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';

// The forms (and react-hook-form with them) come when someone opens one, not with every case page.
const WaiveDeadlineForm = dynamic(() => import('./waive-deadline-form').then((m) => m.WaiveDeadlineForm), {
  loading: () => <p role="status">Opening the form…</p>,
});
export const DeadlineSettingsForm = dynamic(() =>
  import('./deadline-settings-form').then((m) => m.DeadlineSettingsForm),
);

/** Staff controls on one deadline: waive with a reason (or undo), and record a SAR extension. */
export function DeadlineControls({
  deadline,
}: {
  deadline: { id: string; kind: string; label: string; waived: boolean; extended: boolean };
}) {
  const router = useRouter();
  const [waiving, setWaiving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const run = async (fn: () => Promise<{ ok: boolean; error?: string }>) => {
    setPending(true);
    setError(null);
    const res = await fn().catch(() => ({ ok: false, error: 'We could not reach the server. Please try again.' }));
    setPending(false);
    if (!res.ok) setError(res.error ?? 'Not saved.');
    else router.refresh();
  };
  return (
    <div className="mt-2">
      {error && <Alert>{error}</Alert>}
      {!waiving && (
        <div className="flex flex-wrap gap-2">
          {deadline.waived ? (
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() => run(() => unwaiveDeadlineAction({ deadlineId: deadline.id }))}
            >
              Undo waiver
            </Button>
          ) : (
            <Button variant="secondary" onClick={() => setWaiving(true)} aria-label={`Waive “${deadline.label}”`}>
              Waive…
            </Button>
          )}
          {deadline.kind === 'SAR_REPLY' && !deadline.waived && (
            <Button
              variant="secondary"
              disabled={pending}
              onClick={() =>
                run(() => setSarExtensionAction({ deadlineId: deadline.id, extended: !deadline.extended }))
              }
            >
              {deadline.extended ? 'Remove the extension' : 'They have extended it by two months'}
            </Button>
          )}
        </div>
      )}
      {waiving && (
        <WaiveDeadlineForm
          deadline={deadline}
          onCancel={() => setWaiving(false)}
          onDone={() => {
            setWaiving(false);
            router.refresh();
          }}
        />
      )}
    </div>
  );
}
