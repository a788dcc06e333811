'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { decideAccessItemAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { useActionSubmit } from '../../ui/use-action-form';
import { EXEMPTION_LABELS, ACCESS_EXEMPTION_NAMES, type ItemType } from '../labels';
import type { ItemDecisionFields } from '../schemas';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.itemDecisionSchema));

type Values = ItemDecisionFields;
type Decision = 'RELEASE' | 'REDACT' | 'WITHHOLD';

/** Release, redact (with the text as released) or withhold (under an exemption) one item. */
export function ItemDecisionForm(props: {
  requestId: string;
  itemType: ItemType;
  itemId: string;
  label: string;
  text: string;
  was: { decision: Decision; exemption: string | null; reason: string | null; redactedText: string | null } | null;
  fallback: Decision | null;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({
    resolver,
    defaultValues: {
      itemType: props.itemType,
      itemId: props.itemId,
      decision: props.was?.decision ?? props.fallback ?? ('' as Decision),
      exemption: props.was?.exemption ?? '',
      reason: props.was?.reason ?? '',
      redactedText: props.was?.redactedText ?? props.text,
    },
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (item) => decideAccessItemAction({ requestId: props.requestId, item }),
    () => {
      setSaved(true);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  const decision = useWatch({ control: form.control, name: 'decision' });
  const id = (n: string) => `ai-${props.itemId}-${n}`;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setSaved(false);
        return submit(ev);
      }}
      noValidate
      aria-label={`Decision on ${props.label}`}
      className="mt-2"
    >
      {formError && <Alert title="Not saved">{formError}</Alert>}
      {saved && <Alert kind="success">Decision saved.</Alert>}
      <fieldset className="mb-2">
        <legend className="sr-only">What to do with {props.label}</legend>
        <div className="flex flex-wrap gap-x-5">
          {(
            [
              ['RELEASE', 'Release'],
              ['REDACT', 'Release with parts taken out'],
              ['WITHHOLD', 'Withhold'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className="flex items-center gap-2 min-h-12">
              <input type="radio" value={value} className="size-5" {...form.register('decision')} /> {text}
            </label>
          ))}
        </div>
        {e.decision && (
          <p className="text-red-800 font-semibold" role="alert">
            {e.decision.message}
          </p>
        )}
      </fieldset>
      {decision === 'WITHHOLD' && (
        <Field id={id('exemption')} label="Exemption" error={e.exemption?.message}>
          <select
            id={id('exemption')}
            className={inputClass(e.exemption)}
            aria-invalid={!!e.exemption}
            aria-describedby={describedBy(id('exemption'), false, e.exemption)}
            {...registerWithValue(form, 'exemption')}
          >
            <option value="">Choose…</option>
            {ACCESS_EXEMPTION_NAMES.map((x) => (
              <option key={x} value={x}>
                {EXEMPTION_LABELS[x]}
              </option>
            ))}
          </select>
        </Field>
      )}
      {decision === 'REDACT' && (
        <Field
          id={id('redacted')}
          label="The text as it will be released"
          hint="Take out what would identify someone else; the rest stays as it is."
          error={e.redactedText?.message}
        >
          <textarea
            id={id('redacted')}
            rows={4}
            className={inputClass(e.redactedText)}
            aria-invalid={!!e.redactedText}
            aria-describedby={describedBy(id('redacted'), true, e.redactedText)}
            {...registerWithValue(form, 'redactedText')}
          />
        </Field>
      )}
      {decision && decision !== 'RELEASE' && (
        <Field
          id={id('reason')}
          label={decision === 'REDACT' ? 'What was taken out' : 'Reason'}
          optional={decision === 'WITHHOLD'}
          error={e.reason?.message}
        >
          <input
            id={id('reason')}
            className={inputClass(e.reason)}
            aria-invalid={!!e.reason}
            aria-describedby={describedBy(id('reason'), false, e.reason)}
            {...registerWithValue(form, 'reason')}
          />
        </Field>
      )}
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Save decision'}
      </Button>
    </form>
  );
}
