'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { waiveDeadlinesAction } from '../actions';
import { waiveDeadlinesSchema } from '../schemas';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

type Values = z.input<typeof waiveDeadlinesSchema>;

/** Staff: tick several deadlines and give one reason ("The party withdrew the case"); all are waived, or none. Offered for two or more. */
export function WaiveSeveral({ idPrefix, deadlines }: { idPrefix: string; deadlines: { id: string; label: string }[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(waiveDeadlinesSchema), defaultValues: { deadlineIds: [], reason: '' } });
  const { submit, formError, pending } = useActionSubmit(form, (v) => waiveDeadlinesAction(v), (res) => {
    setDone(res.waived);
    setOpen(false);
    form.reset({ deadlineIds: [], reason: '' });
    router.refresh();
  });
  const e = form.formState.errors;
  const id = (n: string) => `${idPrefix}-${n}`;
  // Mounted while the case has deadlines, so "2 deadlines waived." outlives the refresh that leaves fewer than two to waive.
  if (deadlines.length < 2 && !open) return done === null ? null : <div className="mt-4"><Alert kind="success">{done === 1 ? 'One deadline waived.' : `${done} deadlines waived.`}</Alert></div>;
  if (!open) {
    return (
      <div className="mt-4">
        {done !== null && <Alert kind="success">{done === 1 ? 'One deadline waived.' : `${done} deadlines waived.`}</Alert>}
        <Button variant="secondary" onClick={() => { setDone(null); setOpen(true); }}>Waive several at once…</Button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="mt-4 rounded-md border border-stone-300 bg-white p-3" aria-labelledby={id('heading')}>
      <h3 id={id('heading')} className="font-bold mb-2">Waive several deadlines at once</h3>
      {formError && <Alert title="Nothing was waived">{formError}</Alert>}
      <fieldset className="mb-4" aria-describedby={e.deadlineIds ? id('ids-error') : undefined}>
        <legend className="font-semibold mb-1">Which deadlines no longer apply?</legend>
        {e.deadlineIds && <p id={id('ids-error')} className="text-red-800 font-semibold mb-1" role="alert"><span aria-hidden="true">⚠ </span>{e.deadlineIds.message ?? e.deadlineIds.root?.message}</p>}
        {deadlines.map((d) => (
          <label key={d.id} className="flex items-start gap-3 mb-2 cursor-pointer">
            <input type="checkbox" value={d.id} className="size-6 mt-1" {...form.register('deadlineIds')} />
            <span>{d.label}</span>
          </label>
        ))}
      </fieldset>
      <Field id={id('reason')} label="Why do they no longer apply?" hint="One reason for all of them, for example “The party withdrew the case on 3 Dec.”" error={e.reason?.message}>
        <textarea id={id('reason')} rows={2} className={inputClass(e.reason)} aria-invalid={!!e.reason} aria-describedby={describedBy(id('reason'), true, e.reason)} {...form.register('reason')} />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Waive the ticked deadlines'}</Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}
