'use client';

import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import type { eventFormSchema, EventFieldsInput } from '../schemas';
import { DECISION_TYPES, RECEIPT_TYPES, WINDOW_TYPES } from '../event-kinds';
import { DECISION_OUTCOME_HINTS, DECISION_OUTCOME_LABELS, DECISION_OUTCOMES } from '../decision-outcome';
import { EVENT_TYPE_GROUPS, EVENT_TYPE_HINTS, EVENT_TYPE_LABELS } from '../../cases/labels';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { PartialDateField } from '../../ui/partial-date-field';
import { useActionSubmit } from '../../ui/use-action-form';
import type { ActionResult } from '../../errors';

import { lazyZodResolver } from '../../ui/lazy-resolver';
import { registerWithValue } from '../../ui/ssr-default';

type FormOut = z.output<typeof eventFormSchema>;
const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.eventFormSchema));

/** Add or edit a timeline entry. On any error, including a conflict, what was typed stays in the form. */
export function EventForm(props: {
  idPrefix: string;
  defaults?: Partial<EventFieldsInput>;
  canMarkCaseworkersOnly: boolean;
  submitLabel: string;
  onSubmit: (values: FormOut) => Promise<ActionResult<unknown>>;
  onDone: () => void;
  onCancel?: () => void;
  onConflict?: () => void;
}) {
  const form = useForm<EventFieldsInput, unknown, FormOut>({
    resolver,
    defaultValues: {
      type: undefined,
      title: '',
      details: '',
      caseworkersOnly: false,
      privileged: false,
      withoutPrejudice: false,
      ...props.defaults,
    },
    // Fields that do not apply to the chosen type are removed, not sent: nothing hidden is submitted.
    shouldUnregister: true,
  });
  const type = useWatch({ control: form.control, name: 'type' }) as string | undefined;
  const showWindow = (WINDOW_TYPES as readonly (string | undefined)[]).includes(type);
  const showReceipt = (RECEIPT_TYPES as readonly (string | undefined)[]).includes(type);
  const showOutcome = (DECISION_TYPES as readonly (string | undefined)[]).includes(type);
  const typeHint = type ? EVENT_TYPE_HINTS[type as keyof typeof EVENT_TYPE_HINTS] : undefined;
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    async (v: FormOut) => {
      const res = await props.onSubmit(v);
      if (!res.ok && res.code === 'conflict') props.onConflict?.();
      return res;
    },
    () => {
      if (!props.defaults) form.reset();
      props.onDone();
    },
  );
  const e = form.formState.errors;
  const id = (n: string) => `${props.idPrefix}-${n}`;
  return (
    <form method="post" onSubmit={submit} noValidate className="bg-white rounded-lg border border-stone-300 p-4">
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field id={id('type')} label="What kind of event?" hint={typeHint} error={e.type?.message}>
        <select
          id={id('type')}
          className={inputClass(e.type)}
          aria-invalid={!!e.type}
          aria-describedby={describedBy(id('type'), typeHint, e.type)}
          {...registerWithValue(form, 'type')}
        >
          <option value="">Choose…</option>
          {EVENT_TYPE_GROUPS.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.types.map((value) => (
                <option key={value} value={value}>
                  {EVENT_TYPE_LABELS[value]}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <PartialDateField form={form} name="date" legend="When?" />
      {showOutcome && (
        <fieldset className="mb-4" aria-describedby={e.decisionOutcome ? id('decisionOutcome-error') : undefined}>
          <legend className="font-semibold mb-1">Did the decision go against the member?</legend>
          {e.decisionOutcome && (
            <p id={id('decisionOutcome-error')} className="text-red-800 font-semibold mb-1" role="alert">
              <span aria-hidden="true">⚠ </span>
              {e.decisionOutcome.message}
            </p>
          )}
          {DECISION_OUTCOMES.map((o) => (
            <label key={o} className="flex items-start gap-3 mb-2 cursor-pointer">
              <input type="radio" value={o} className="size-6 mt-1" {...form.register('decisionOutcome')} />
              <span>
                <strong>{DECISION_OUTCOME_LABELS[o]}.</strong> {DECISION_OUTCOME_HINTS[o]}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {showWindow && (
        <Field
          id={id('windowDays')}
          label={
            type === 'LETTER_SENT'
              ? 'Did the letter ask for a reply within a number of days?'
              : 'How many days does the letter give you to reply?'
          }
          optional
          hint={
            type === 'LETTER_SENT'
              ? 'For example “please reply within 14 days”: enter 14 and we will start a deadline for their reply. Leave blank if it did not.'
              : 'Look for words like “within 14 days”. Leave blank if it does not say; we will use the usual 14 days.'
          }
          error={e.windowDays?.message}
        >
          <input
            id={id('windowDays')}
            inputMode="numeric"
            className={`${inputClass(e.windowDays)} max-w-32`}
            aria-invalid={!!e.windowDays}
            aria-describedby={describedBy(id('windowDays'), true, e.windowDays)}
            {...registerWithValue(form, 'windowDays')}
          />
        </Field>
      )}
      {showReceipt && (
        <Field
          id={id('receivedOn')}
          label={type === 'SAR_SENT' ? 'When did they receive your request?' : 'When did it reach you?'}
          optional
          hint="Only if it was not the same day as the date above. Deadlines are counted from this day."
          error={e.receivedOn?.message}
        >
          <input
            id={id('receivedOn')}
            type="date"
            className={`${inputClass(e.receivedOn)} max-w-52`}
            aria-invalid={!!e.receivedOn}
            aria-describedby={describedBy(id('receivedOn'), true, e.receivedOn)}
            {...registerWithValue(form, 'receivedOn')}
          />
        </Field>
      )}
      <Field
        id={id('title')}
        label="Short title"
        hint="For example: “Letter from the Governance and Legal Unit”."
        error={e.title?.message}
      >
        <input
          id={id('title')}
          className={inputClass(e.title)}
          aria-invalid={!!e.title}
          aria-describedby={describedBy(id('title'), true, e.title)}
          {...registerWithValue(form, 'title')}
        />
      </Field>
      <Field id={id('details')} label="Details" optional error={e.details?.message}>
        <textarea
          id={id('details')}
          rows={4}
          className={inputClass(e.details)}
          aria-invalid={!!e.details}
          {...registerWithValue(form, 'details')}
        />
      </Field>
      <fieldset className="mb-4">
        <legend className="font-semibold mb-1">
          Is it privileged? <span className="font-normal text-stone-700">(optional)</span>
        </legend>
        <label className="flex items-start gap-3 mb-2 cursor-pointer">
          <input type="checkbox" className="size-6 mt-1" {...form.register('privileged')} />
          <span>
            <strong>Privileged</strong>, for example advice from a lawyer. Kept out of anything sent to the party or a
            panel unless someone puts it in on purpose.
          </span>
        </label>
        <label className="flex items-start gap-3 mb-2 cursor-pointer">
          <input type="checkbox" className="size-6 mt-1" {...form.register('withoutPrejudice')} />
          <span>
            <strong>“Without prejudice”</strong>, for example an offer to settle. Kept out the same way.
          </span>
        </label>
      </fieldset>
      {props.canMarkCaseworkersOnly && (
        <label className="flex items-start gap-3 mb-5 cursor-pointer">
          <input type="checkbox" className="size-6 mt-1" {...form.register('caseworkersOnly')} />
          <span>
            <strong>Caseworkers only.</strong> The member will not see this entry.
          </span>
        </label>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : props.submitLabel}
        </Button>
        {props.onCancel && (
          <Button type="button" variant="secondary" onClick={props.onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
