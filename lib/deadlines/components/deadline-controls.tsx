'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { setSarExtensionAction, unwaiveDeadlineAction, waiveDeadlineAction, updateDeadlineSettingsAction } from '../actions';
import { deadlineSettingsSchema, waiveDeadlineSchema, type DeadlineSettingsInput } from '../schemas';
import { JURISDICTION_LABELS } from '../working-days';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

type WaiveValues = z.input<typeof waiveDeadlineSchema>;

/** Staff controls on one deadline: waive with a reason (or undo), and record a SAR extension. */
export function DeadlineControls({ deadline }: { deadline: { id: string; kind: string; label: string; waived: boolean; extended: boolean } }) {
  const router = useRouter();
  const [waiving, setWaiving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const form = useForm<WaiveValues>({ resolver: zodResolver(waiveDeadlineSchema), defaultValues: { deadlineId: deadline.id, reason: '' } });
  const { submit, formError, pending: saving } = useActionSubmit(form, (v) => waiveDeadlineAction(v), () => { setWaiving(false); router.refresh(); });
  const run = async (fn: () => Promise<{ ok: boolean; error?: string }>) => {
    setPending(true);
    setError(null);
    const res = await fn().catch(() => ({ ok: false, error: 'We could not reach the server. Please try again.' }));
    setPending(false);
    if (!res.ok) setError(res.error ?? 'Not saved.'); else router.refresh();
  };
  const e = form.formState.errors;
  const reasonId = `waive-${deadline.id}-reason`;
  return (
    <div className="mt-2">
      {error && <Alert>{error}</Alert>}
      {!waiving && (
        <div className="flex flex-wrap gap-2">
          {deadline.waived
            ? <Button variant="secondary" disabled={pending} onClick={() => run(() => unwaiveDeadlineAction({ deadlineId: deadline.id }))}>Undo waiver</Button>
            : <Button variant="secondary" onClick={() => setWaiving(true)} aria-label={`Waive “${deadline.label}”`}>Waive…</Button>}
          {deadline.kind === 'SAR_REPLY' && !deadline.waived && (
            <Button variant="secondary" disabled={pending} onClick={() => run(() => setSarExtensionAction({ deadlineId: deadline.id, extended: !deadline.extended }))}>
              {deadline.extended ? 'Remove the extension' : 'They have extended it by two months'}
            </Button>
          )}
        </div>
      )}
      {waiving && (
        <form onSubmit={submit} noValidate className="mt-2 rounded-md border border-stone-300 bg-white p-3">
          {formError && <Alert title="Not saved">{formError}</Alert>}
          <Field id={reasonId} label="Why does this deadline no longer apply?" hint="For example: “The party withdrew the notice on 3 Dec.”" error={e.reason?.message}>
            <textarea id={reasonId} rows={2} className={inputClass(e.reason)} aria-invalid={!!e.reason} aria-describedby={describedBy(reasonId, true, e.reason)} {...form.register('reason')} />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" disabled={saving}>{saving ? 'Saving…' : 'Waive this deadline'}</Button>
            <Button type="button" variant="secondary" onClick={() => setWaiving(false)}>Cancel</Button>
          </div>
        </form>
      )}
    </div>
  );
}

/** Per-case deadline settings: bank holidays of which nation, and the appeal window (blank: the organisation's). */
export function DeadlineSettingsForm(props: { caseId: string; jurisdiction: string | null; appealWindowDays: number | null; orgJurisdiction: string; orgAppealDays: number }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<DeadlineSettingsInput>({
    resolver: zodResolver(deadlineSettingsSchema),
    defaultValues: { caseId: props.caseId, jurisdiction: props.jurisdiction ?? '', appealWindowDays: props.appealWindowDays ?? ('' as never) },
  });
  const { submit, formError, pending } = useActionSubmit(form, (v) => updateDeadlineSettingsAction(v), () => { setSaved(true); router.refresh(); });
  const e = form.formState.errors;
  return (
    <form onSubmit={(ev) => { setSaved(false); return submit(ev); }} noValidate>
      {formError && <Alert title="Not saved">{formError}</Alert>}
      {saved && <Alert kind="success">Saved. The deadlines have been worked out again.</Alert>}
      <Field id="jurisdiction" label="Bank holidays of" error={e.jurisdiction?.message}>
        <select id="jurisdiction" className={inputClass(e.jurisdiction)} {...form.register('jurisdiction')}>
          <option value="">{`The organisation’s (${JURISDICTION_LABELS[props.orgJurisdiction as keyof typeof JURISDICTION_LABELS]})`}</option>
          {Object.entries(JURISDICTION_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </Field>
      <Field id="appealWindowDays" label="Days allowed to appeal after a decision" optional hint={`Leave blank for the organisation’s ${props.orgAppealDays} days.`} error={e.appealWindowDays?.message}>
        <input id="appealWindowDays" inputMode="numeric" className={`${inputClass(e.appealWindowDays)} max-w-32`} aria-invalid={!!e.appealWindowDays}
          aria-describedby={describedBy('appealWindowDays', true, e.appealWindowDays)} {...form.register('appealWindowDays')} />
      </Field>
      <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save deadline settings'}</Button>
    </form>
  );
}
