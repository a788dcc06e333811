'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { requestErasureAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.requestErasureSchema));

export type ErasurePanelRequest = {
  status: 'REQUESTED' | 'APPROVED' | 'REFUSED' | 'DONE';
  askedOn: string;
  decidedOn: string | null;
  reason: string | null;
} | null;

/**
 * The member's own "erase my data" section on the Account page: what it means and what cannot be undone, then a
 * confirmation; afterwards where the request stands, and a refusal with its reason.
 */
export function ErasurePanel({ request }: { request: ErasurePanelRequest }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const form = useForm<{ confirm: true }>({ resolver, defaultValues: { confirm: false as unknown as true } });
  const { submit, formError, pending } = useActionSubmit(form, requestErasureAction, () => {
    setAsking(false);
    router.refresh();
  });
  const error = form.formState.errors.confirm?.message;

  if (request?.status === 'REQUESTED')
    return (
      <div className="bg-white rounded-lg border border-stone-300 p-4 mb-6" id="erasure-status">
        <Alert kind="info" title="We have your request">
          You asked on {request.askedOn} for your data to be erased. A coordinator will look at it and we will email you
          with the answer. Nothing has been erased yet, and you can keep using Reinstate until then.
        </Alert>
      </div>
    );
  if (request?.status === 'APPROVED')
    return (
      <div className="bg-white rounded-lg border border-stone-300 p-4 mb-6" id="erasure-status">
        <Alert kind="warning" title="Your data is being erased">
          Your request was approved on {request.decidedOn}. We are erasing your data now; your account will stop working
          when it is done.
        </Alert>
      </div>
    );

  return (
    <div className="bg-white rounded-lg border border-stone-300 p-4 mb-6">
      {request?.status === 'REFUSED' && (
        <Alert kind="warning" title={`Your request of ${request.askedOn} was not agreed`}>
          <p className="mb-2">
            A coordinator decided on {request.decidedOn} not to erase your data for now. They said:
          </p>
          <p className="whitespace-pre-line border-l-4 border-stone-400 pl-3 mb-2">{request.reason}</p>
          <p>You can ask again at any time, for example once your appeal has finished.</p>
        </Alert>
      )}
      <p className="mb-2">You can ask us to erase everything Reinstate holds about you. If a coordinator agrees:</p>
      <ul className="list-disc pl-6 mb-3 space-y-1">
        <li>your details, your case and everything on it are deleted: the timeline, evidence, letters and bundles;</li>
        <li>your account is closed and you can no longer sign in;</li>
        <li>
          <strong>it cannot be undone.</strong> We cannot get anything back afterwards, so download or print anything
          you want to keep first.
        </li>
      </ul>
      <p className="mb-4">
        We keep only a note that an erasure was made and when, without your name or anything about your case. A
        coordinator may say no for a good reason, for example while an appeal is still running; we will tell you why.
      </p>
      {!asking ? (
        <Button type="button" variant="secondary" onClick={() => setAsking(true)}>
          Ask for my data to be erased
        </Button>
      ) : (
        <form method="post" onSubmit={submit} noValidate aria-label="Ask for my data to be erased">
          {formError && <Alert title="Not sent">{formError}</Alert>}
          <div className="mb-4">
            {error && (
              <p id="erasure-confirm-error" className="text-red-800 font-semibold mb-1" role="alert">
                <span aria-hidden="true">⚠ </span>
                {error}
              </p>
            )}
            <label className="flex items-start gap-3 min-h-12">
              <input
                type="checkbox"
                className="size-6 mt-1 shrink-0"
                aria-invalid={!!error}
                aria-describedby={error ? 'erasure-confirm-error' : undefined}
                {...form.register('confirm')}
              />
              <span>
                I understand that if this is agreed, my account, my case and everything on it will be deleted and cannot
                be brought back.
              </span>
            </label>
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" variant="danger" disabled={pending}>
              Yes, ask to erase my data
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={() => setAsking(false)}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
