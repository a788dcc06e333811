'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { keepCaseAction, setRetentionMonthsAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { useActionSubmit } from '../../ui/use-action-form';
import type { KeepCaseFields, RetentionSettingsFields } from '../schemas';
import { registerWithValue } from '../../ui/ssr-default';

const settingsResolver = lazyZodResolver(() => import('../schemas').then((m) => m.retentionSettingsSchema));
const keepResolver = lazyZodResolver(() => import('../schemas').then((m) => m.keepCaseSchema));

/** How long closed cases are kept (months). */
export function RetentionSettingsForm({ months }: { months: number }) {
  const router = useRouter();
  const [done, setDone] = useState(false);
  const form = useForm<RetentionSettingsFields>({ resolver: settingsResolver, defaultValues: { months } });
  const { submit, formError, pending } = useActionSubmit(form, setRetentionMonthsAction, () => {
    setDone(true);
    router.refresh();
  });
  const e = form.formState.errors;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setDone(false);
        return submit(ev);
      }}
      noValidate
      aria-label="How long closed cases are kept"
      className="flex flex-wrap items-end gap-x-3 max-w-2xl"
    >
      {formError && (
        <div className="basis-full">
          <Alert title="Not saved">{formError}</Alert>
        </div>
      )}
      {done && (
        <div className="basis-full">
          <Alert kind="success">Saved.</Alert>
        </div>
      )}
      <div className="grow">
        <Field
          id="retention-months"
          label="Keep closed cases for (months)"
          hint="Counted from the day a case closed. 72 months is six years."
          error={e.months?.message}
        >
          <input
            id="retention-months"
            inputMode="numeric"
            className={inputClass(e.months)}
            aria-invalid={!!e.months}
            aria-describedby={describedBy('retention-months', true, e.months)}
            {...registerWithValue(form, 'months')}
          />
        </Field>
      </div>
      <Button type="submit" variant="secondary" className="mb-5" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </Button>
    </form>
  );
}

/** Keep one closed case for longer, with a reason. */
export function KeepCaseForm({ caseId, reference }: { caseId: string; reference: string }) {
  const router = useRouter();
  const form = useForm<KeepCaseFields>({ resolver: keepResolver, defaultValues: { caseId, months: 12, reason: '' } });
  const { submit, formError, pending } = useActionSubmit(form, keepCaseAction, () => router.refresh());
  const e = form.formState.errors;
  const id = (n: string) => `keep-${caseId}-${n}`;
  return (
    <form method="post" onSubmit={submit} noValidate aria-label={`Keep ${reference} longer`} className="mt-2">
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <div className="grid gap-x-3 sm:grid-cols-[10rem_1fr]">
        <Field id={id('months')} label="For (months)" error={e.months?.message}>
          <input
            id={id('months')}
            inputMode="numeric"
            className={inputClass(e.months)}
            aria-invalid={!!e.months}
            aria-describedby={describedBy(id('months'), false, e.months)}
            {...registerWithValue(form, 'months')}
          />
        </Field>
        <Field id={id('reason')} label="Why" error={e.reason?.message}>
          <input
            id={id('reason')}
            className={inputClass(e.reason)}
            aria-invalid={!!e.reason}
            aria-describedby={describedBy(id('reason'), false, e.reason)}
            {...registerWithValue(form, 'reason')}
          />
        </Field>
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Keep it'}
      </Button>
    </form>
  );
}
