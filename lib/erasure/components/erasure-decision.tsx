'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { approveErasureAction, finishErasureAction, refuseErasureAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.refuseErasureSchema));

type Mode = 'idle' | 'approve' | 'refuse';

/** Approve (after a yes/no question), or refuse with a reason the member will read; finish one that stopped. */
export function ErasureDecision({ requestId, name, status }: { requestId: string; name: string; status: string }) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>('idle');
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const form = useForm<{ requestId: string; reason: string }>({ resolver, defaultValues: { requestId, reason: '' } });
  const refuse = useActionSubmit(form, refuseErasureAction, (data) => {
    setMode('idle');
    setMessage({
      kind: 'success',
      text: data.told
        ? 'Refused. The member has been emailed the reason.'
        : 'Refused. We had no email address to tell them: the reason shows on their account page.',
    });
    router.refresh();
  });
  const e = form.formState.errors;

  const erase = async (finish: boolean) => {
    setPending(true);
    setMessage(null);
    try {
      const res = finish ? await finishErasureAction({ requestId }) : await approveErasureAction({ requestId });
      if (!res.ok) return setMessage({ kind: 'error', text: res.error });
      const d = res.data;
      setMessage({
        kind: 'success',
        text: d.alreadyDone
          ? 'This erasure was already complete.'
          : `Erased: ${d.caseCount} case${d.caseCount === 1 ? '' : 's'} and ${d.fileCount} stored file${d.fileCount === 1 ? '' : 's'}.`,
      });
      setMode('idle');
      router.refresh();
    } catch {
      setMessage({ kind: 'error', text: 'We could not reach the server. Nothing was changed; try again.' });
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="mt-3">
      {message && (
        <Alert kind={message.kind} title={message.kind === 'error' ? 'That did not work' : undefined}>
          {message.text}
        </Alert>
      )}
      {status === 'APPROVED' && (
        <>
          <p className="mb-2">This erasure was approved but did not finish. Finishing it does only what is left.</p>
          <Button type="button" variant="danger" disabled={pending} onClick={() => erase(true)}>
            Finish the erasure
          </Button>
        </>
      )}
      {status === 'REQUESTED' && mode === 'idle' && (
        <div className="flex flex-wrap gap-3">
          <Button type="button" variant="danger" onClick={() => setMode('approve')}>
            Approve and erase
          </Button>
          <Button type="button" variant="secondary" onClick={() => setMode('refuse')}>
            Refuse
          </Button>
        </div>
      )}
      {status === 'REQUESTED' && mode === 'approve' && (
        <div className="border-2 border-red-800 rounded-md p-3">
          <p className="font-semibold mb-2">Erase everything held about {name}?</p>
          <p className="mb-3">
            Their account is closed and their cases, files, letters and bundles are deleted straight away. This cannot
            be undone, not even from a backup.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button type="button" variant="danger" disabled={pending} onClick={() => erase(false)}>
              Yes, erase now
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setMode('idle')}>
              No, go back
            </Button>
          </div>
        </div>
      )}
      {status === 'REQUESTED' && mode === 'refuse' && (
        <form method="post" onSubmit={refuse.submit} noValidate aria-label={`Refuse the request from ${name}`}>
          {refuse.formError && <Alert title="Not saved">{refuse.formError}</Alert>}
          <input type="hidden" {...form.register('requestId')} />
          <Field
            id={`refuse-${requestId}`}
            label="Why are you refusing?"
            hint="The member reads this in an email and on their account page. For example: your appeal is still running, and we need your file to help you with it."
            error={e.reason?.message}
          >
            <textarea
              id={`refuse-${requestId}`}
              rows={4}
              className={inputClass(e.reason)}
              aria-invalid={!!e.reason}
              aria-describedby={describedBy(`refuse-${requestId}`, true, e.reason)}
              {...form.register('reason')}
            />
          </Field>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" disabled={refuse.pending}>
              Refuse and tell the member
            </Button>
            <Button type="button" variant="secondary" disabled={refuse.pending} onClick={() => setMode('idle')}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
