'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { updateDeadlineSettingsAction } from '../actions';
import type { DeadlineSettingsInput } from '../schemas';
import { JURISDICTION_LABELS } from '../jurisdictions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.deadlineSettingsSchema));

/** Per-case deadline settings: bank holidays of which nation, and the appeal window (blank: the organisation's). */
export function DeadlineSettingsForm(props: {
  caseId: string;
  jurisdiction: string | null;
  appealWindowDays: number | null;
  orgJurisdiction: string;
  orgAppealDays: number;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<DeadlineSettingsInput>({
    resolver,
    defaultValues: {
      caseId: props.caseId,
      jurisdiction: props.jurisdiction ?? '',
      appealWindowDays: props.appealWindowDays ?? ('' as never),
    },
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => updateDeadlineSettingsAction(v),
    () => {
      setSaved(true);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setSaved(false);
        return submit(ev);
      }}
      noValidate
    >
      {formError && <Alert title="Not saved">{formError}</Alert>}
      {saved && <Alert kind="success">Saved. The deadlines have been worked out again.</Alert>}
      <Field id="jurisdiction" label="Bank holidays of" error={e.jurisdiction?.message}>
        <select id="jurisdiction" className={inputClass(e.jurisdiction)} {...registerWithValue(form, 'jurisdiction')}>
          <option value="">{`The organisation’s (${JURISDICTION_LABELS[props.orgJurisdiction as keyof typeof JURISDICTION_LABELS]})`}</option>
          {Object.entries(JURISDICTION_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="appealWindowDays"
        label="Days allowed to appeal after a decision"
        optional
        hint={`Leave blank for the organisation’s ${props.orgAppealDays} days.`}
        error={e.appealWindowDays?.message}
      >
        <input
          id="appealWindowDays"
          inputMode="numeric"
          className={`${inputClass(e.appealWindowDays)} max-w-32`}
          aria-invalid={!!e.appealWindowDays}
          aria-describedby={describedBy('appealWindowDays', true, e.appealWindowDays)}
          {...registerWithValue(form, 'appealWindowDays')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save deadline settings'}
      </Button>
    </form>
  );
}
