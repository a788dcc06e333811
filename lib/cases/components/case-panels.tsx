'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { assignCaseworkerAction, setConsentAction, unassignCaseworkerAction, updateCaseStatusAction } from '../actions';
import { updateCaseStatusSchema, type UpdateCaseStatusInput } from '../schemas';
import { APPEAL_STATUS_LABELS, STATUS_LABELS } from '../labels';
import { Field, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

export function CaseStatusForm({ caseId, version, status, appealStatus }: Omit<UpdateCaseStatusInput, 'caseId' | 'version'> & { caseId: string; version: number }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<UpdateCaseStatusInput>({ resolver: zodResolver(updateCaseStatusSchema), values: { caseId, version, status, appealStatus }, resetOptions: { keepDirtyValues: true } });
  const { submit, formError, pending } = useActionSubmit(form, (v) => updateCaseStatusAction({ ...v, version }), () => { setSaved(true); router.refresh(); });
  const e = form.formState.errors;
  return (
    <form onSubmit={(ev) => { setSaved(false); return submit(ev); }} noValidate>
      {formError && <Alert title="Not saved">{formError}</Alert>}
      {saved && <Alert kind="success">Status saved.</Alert>}
      <Field id="status" label="Case status" error={e.status?.message}>
        <select id="status" className={inputClass(e.status)} {...form.register('status')}>
          {Object.entries(STATUS_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </Field>
      <Field id="appealStatus" label="Appeal status" error={e.appealStatus?.message}>
        <select id="appealStatus" className={inputClass(e.appealStatus)} {...form.register('appealStatus')}>
          {Object.entries(APPEAL_STATUS_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </Field>
      <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save status'}</Button>
    </form>
  );
}

export function ConsentPanel({ caseId, consented }: { caseId: string; consented: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const toggle = async () => {
    if (consented && !window.confirm('If you withdraw your agreement, caseworkers will no longer be able to see or work on your case. Continue?')) return;
    setPending(true);
    const res = await setConsentAction({ caseId, give: !consented });
    setPending(false);
    if (!res.ok) setError(res.error); else router.refresh();
  };
  return (
    <div>
      {error && <Alert>{error}</Alert>}
      <p className="mb-3">{consented ? 'You have agreed that the network’s caseworkers may help with this case.' : 'You have withdrawn your agreement. Caseworkers cannot see this case.'}</p>
      <Button variant={consented ? 'danger' : 'primary'} onClick={toggle} disabled={pending}>
        {consented ? 'Withdraw my agreement' : 'Let caseworkers help again'}
      </Button>
    </div>
  );
}

type Assigned = { id: string; caseworker: { id: string; name: string } };

export function AssignmentPanel({ caseId, assignments, caseworkers }: { caseId: string; assignments: Assigned[]; caseworkers: { id: string; name: string; role: string }[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState('');
  const [pending, setPending] = useState(false);
  const run = async (p: Promise<{ ok: boolean; error?: string; fieldErrors?: Record<string, string> }>) => {
    setPending(true);
    const res = await p;
    setPending(false);
    if (!res.ok) setError(res.fieldErrors?.caseworkerId ?? res.error ?? 'Not saved');
    else { setError(null); setChoice(''); router.refresh(); }
  };
  const available = caseworkers.filter((c) => !assignments.some((a) => a.caseworker.id === c.id));
  return (
    <div>
      {error && <Alert>{error}</Alert>}
      {assignments.length === 0 ? <p className="mb-3">No caseworker is assigned yet.</p> : (
        <ul className="mb-4 grid gap-2">
          {assignments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-3">
              <span className="font-semibold">{a.caseworker.name}</span>
              <Button variant="secondary" disabled={pending} onClick={() => run(unassignCaseworkerAction({ assignmentId: a.id }))} aria-label={`Unassign ${a.caseworker.name}`}>Unassign</Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => { e.preventDefault(); run(assignCaseworkerAction({ caseId, caseworkerId: choice })); }} className="flex flex-wrap items-end gap-3">
        <div className="grow">
          <label htmlFor="assign-caseworker" className="block font-semibold mb-1">Assign a caseworker</label>
          <select id="assign-caseworker" value={choice} onChange={(e) => setChoice(e.target.value)} className={inputClass()}>
            <option value="">Choose…</option>
            {available.map((c) => <option key={c.id} value={c.id}>{c.name}{c.role === 'COORDINATOR' ? ' (coordinator)' : ''}</option>)}
          </select>
        </div>
        <Button type="submit" disabled={pending}>Assign</Button>
      </form>
    </div>
  );
}
