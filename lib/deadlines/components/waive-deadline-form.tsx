'use client';

import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { z } from 'zod';
import { waiveDeadlineAction } from '../actions';
import type { waiveDeadlineSchema } from '../schemas';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.waiveDeadlineSchema));

type WaiveValues = z.input<typeof waiveDeadlineSchema>;

/** Waive one deadline, with the reason it no longer applies. */
export function WaiveDeadlineForm({
  deadline,
  onDone,
  onCancel,
}: {
  deadline: { id: string };
  onDone: () => void;
  onCancel: () => void;
}) {
  const form = useForm<WaiveValues>({ resolver, defaultValues: { deadlineId: deadline.id, reason: '' } });
  const { submit, formError, pending: saving } = useActionSubmit(form, (v) => waiveDeadlineAction(v), onDone);
  const e = form.formState.errors;
  const reasonId = `waive-${deadline.id}-reason`;
  return (
    <form method="post" onSubmit={submit} noValidate className="mt-2 rounded-md border border-stone-300 bg-white p-3">
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field
        id={reasonId}
        label="Why does this deadline no longer apply?"
        hint="For example: “The party withdrew the notice on 3 Dec.”"
        error={e.reason?.message}
      >
        <textarea
          id={reasonId}
          rows={2}
          className={inputClass(e.reason)}
          aria-invalid={!!e.reason}
          aria-describedby={describedBy(reasonId, true, e.reason)}
          {...form.register('reason')}
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Waive this deadline'}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
