'use client';

import { useRouter } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { logAccessRequestAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { useActionSubmit } from '../../ui/use-action-form';
import type { LogAccessRequestFields } from '../schemas';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.logAccessRequestSchema));

type Values = LogAccessRequestFields;

/** Logs a subject access request made to the network; opens it once saved. */
export function LogAccessRequestForm({ today }: { today: string }) {
  const router = useRouter();
  const form = useForm<Values>({
    resolver,
    defaultValues: { who: '', receivedOn: today, source: 'PERSON', requesterName: '', note: '' },
  });
  const { submit, formError, pending } = useActionSubmit(form, logAccessRequestAction, ({ id }) =>
    router.push(`/access-requests/${id}`),
  );
  const e = form.formState.errors;
  const onBehalf = useWatch({ control: form.control, name: 'source' }) === 'ON_BEHALF';
  return (
    <form method="post" onSubmit={submit} noValidate aria-label="Log a subject access request" className="max-w-2xl">
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field
        id="ar-who"
        label="Who is it about?"
        hint="Their email address, membership number or one of their case references (RS-…)."
        error={e.who?.message}
      >
        <input
          id="ar-who"
          className={inputClass(e.who)}
          aria-invalid={!!e.who}
          aria-describedby={describedBy('ar-who', true, e.who)}
          autoComplete="off"
          {...registerWithValue(form, 'who')}
        />
      </Field>
      <Field
        id="ar-received"
        label="Date the request was received"
        hint="The one-month clock starts on this day."
        error={e.receivedOn?.message}
      >
        <input
          id="ar-received"
          type="date"
          max={today}
          className={inputClass(e.receivedOn)}
          aria-invalid={!!e.receivedOn}
          aria-describedby={describedBy('ar-received', true, e.receivedOn)}
          {...registerWithValue(form, 'receivedOn')}
        />
      </Field>
      <fieldset className="mb-5">
        <legend className="font-semibold mb-1">Who made the request?</legend>
        <label className="flex items-center gap-2 min-h-12">
          <input type="radio" value="PERSON" className="size-5" {...form.register('source')} /> The person themselves
        </label>
        <label className="flex items-center gap-2 min-h-12">
          <input type="radio" value="ON_BEHALF" className="size-5" {...form.register('source')} /> Someone on their
          behalf, with their authority
        </label>
      </fieldset>
      {onBehalf && (
        <Field id="ar-requester" label="Who made it on their behalf?" error={e.requesterName?.message}>
          <input
            id="ar-requester"
            className={inputClass(e.requesterName)}
            aria-invalid={!!e.requesterName}
            aria-describedby={describedBy('ar-requester', false, e.requesterName)}
            {...registerWithValue(form, 'requesterName')}
          />
        </Field>
      )}
      <Field id="ar-note" label="Note" optional error={e.note?.message}>
        <textarea
          id="ar-note"
          rows={3}
          className={inputClass(e.note)}
          aria-invalid={!!e.note}
          aria-describedby={describedBy('ar-note', false, e.note)}
          {...registerWithValue(form, 'note')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Log the request'}
      </Button>
    </form>
  );
}
