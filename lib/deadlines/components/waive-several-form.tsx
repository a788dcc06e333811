'use client';

import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { z } from 'zod';
import { waiveDeadlinesAction } from '../actions';
import type { waiveDeadlinesSchema } from '../schemas';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.waiveDeadlinesSchema));

type Values = z.input<typeof waiveDeadlinesSchema>;

/** The form of WaiveSeveral: which deadlines, and one reason. */
export function WaiveSeveralForm({
  idPrefix,
  deadlines,
  onDone,
  onCancel,
}: {
  idPrefix: string;
  deadlines: { id: string; label: string }[];
  onDone: (waived: number) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const form = useForm<Values>({ resolver, defaultValues: { deadlineIds: [], reason: '' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => waiveDeadlinesAction(v),
    (res) => {
      onDone(res.waived);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  const id = (n: string) => `${idPrefix}-${n}`;
  return (
    <form
      method="post"
      onSubmit={submit}
      noValidate
      className="mt-4 rounded-md border border-stone-300 bg-white p-3"
      aria-labelledby={id('heading')}
    >
      <h3 id={id('heading')} className="font-bold mb-2">
        Waive several deadlines at once
      </h3>
      {formError && <Alert title="Nothing was waived">{formError}</Alert>}
      <fieldset className="mb-4" aria-describedby={e.deadlineIds ? id('ids-error') : undefined}>
        <legend className="font-semibold mb-1">Which deadlines no longer apply?</legend>
        {e.deadlineIds && (
          <p id={id('ids-error')} className="text-red-800 font-semibold mb-1" role="alert">
            <span aria-hidden="true">⚠ </span>
            {e.deadlineIds.message ?? e.deadlineIds.root?.message}
          </p>
        )}
        {deadlines.map((d) => (
          <label key={d.id} className="flex items-start gap-3 mb-2 cursor-pointer">
            <input type="checkbox" value={d.id} className="size-6 mt-1" {...form.register('deadlineIds')} />
            <span>{d.label}</span>
          </label>
        ))}
      </fieldset>
      <Field
        id={id('reason')}
        label="Why do they no longer apply?"
        hint="One reason for all of them, for example “The party withdrew the case on 3 Dec.”"
        error={e.reason?.message}
      >
        <textarea
          id={id('reason')}
          rows={2}
          className={inputClass(e.reason)}
          aria-invalid={!!e.reason}
          aria-describedby={describedBy(id('reason'), true, e.reason)}
          {...form.register('reason')}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Waive the ticked deadlines'}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
