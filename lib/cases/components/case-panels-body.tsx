'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { assignCaseworkerAction, setConsentAction, unassignCaseworkerAction, updateCaseStageAction } from '../actions';
import type { UpdateCaseStageInput } from '../schemas';
import { APPEAL_STATUS_LABELS, OUTCOME_LABELS, STAGE_LABELS } from '../labels';
import type { AppealStatus, CaseOutcome, CaseStage } from '../../db/generated/enums';
import type { OutcomeSuggestion } from '../suggest-outcome';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.updateCaseStageSchema));

type StageFormProps = {
  caseId: string;
  version: number;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  appealStatus: AppealStatus;
  suggestion?: OutcomeSuggestion | null;
};

/** Staff change where the case is and how it went, separately ("Closed" with "Chose not to appeal"), with a reason. */
export function CaseStageForm({ caseId, version, stage, outcome, appealStatus, suggestion }: StageFormProps) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<UpdateCaseStageInput>({
    resolver,
    values: { caseId, version, stage, outcome: outcome ?? '', appealStatus, reason: '' },
    resetOptions: { keepDirtyValues: true },
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => updateCaseStageAction({ ...v, version }),
    () => {
      setSaved(true);
      form.resetField('reason', { defaultValue: '' }); // the reason went with this change; the next change asks again
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
      {saved && <Alert kind="success">Stage and outcome saved.</Alert>}
      {suggestion && (
        <Alert kind="info" title="The timeline suggests an outcome">
          <p className="mb-2">
            {suggestion.because} Stage “{STAGE_LABELS[suggestion.stage]}”, outcome “{OUTCOME_LABELS[suggestion.outcome]}
            ”?
          </p>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              form.setValue('stage', suggestion.stage, { shouldDirty: true });
              form.setValue('outcome', suggestion.outcome, { shouldDirty: true });
            }}
          >
            Fill these in (then save)
          </Button>
        </Alert>
      )}
      <Field id="stage" label="Stage" hint="Where the process is now." error={e.stage?.message}>
        <select
          id="stage"
          className={inputClass(e.stage)}
          aria-describedby={describedBy('stage', true, e.stage)}
          {...registerWithValue(form, 'stage')}
        >
          {Object.entries(STAGE_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="outcome"
        label="Outcome"
        hint="How it ended, or how it stands after a decision. A closed case can have any outcome."
        error={e.outcome?.message}
      >
        <select
          id="outcome"
          className={inputClass(e.outcome)}
          aria-describedby={describedBy('outcome', true, e.outcome)}
          {...registerWithValue(form, 'outcome')}
        >
          <option value="">Not known yet</option>
          {Object.entries(OUTCOME_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field id="appealStatus" label="Appeal status" error={e.appealStatus?.message}>
        <select id="appealStatus" className={inputClass(e.appealStatus)} {...registerWithValue(form, 'appealStatus')}>
          {Object.entries(APPEAL_STATUS_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="reason"
        label="Reason for the change"
        optional
        hint="Kept with the change in the history below, for staff only. For example: “Told us on the phone she will not appeal: an election is coming.”"
        error={e.reason?.message}
      >
        <textarea
          id="reason"
          rows={3}
          className={inputClass(e.reason)}
          aria-describedby={describedBy('reason', true, e.reason)}
          {...registerWithValue(form, 'reason')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save stage and outcome'}
      </Button>
    </form>
  );
}

export function ConsentPanel({ caseId, consented }: { caseId: string; consented: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const toggle = async () => {
    if (
      consented &&
      !window.confirm(
        'If you withdraw your agreement, caseworkers will no longer be able to see or work on your case. Continue?',
      )
    )
      return;
    setPending(true);
    const res = await setConsentAction({ caseId, give: !consented });
    setPending(false);
    if (!res.ok) setError(res.error);
    else router.refresh();
  };
  return (
    <div>
      {error && <Alert>{error}</Alert>}
      <p className="mb-3">
        {consented
          ? 'You have agreed that the network’s caseworkers may help with this case.'
          : 'You have withdrawn your agreement. Caseworkers cannot see this case.'}
      </p>
      <Button variant={consented ? 'danger' : 'primary'} onClick={toggle} disabled={pending}>
        {consented ? 'Withdraw my agreement' : 'Let caseworkers help again'}
      </Button>
    </div>
  );
}

type Assigned = { id: string; caseworker: { id: string; name: string } };

export function AssignmentPanel({
  caseId,
  assignments,
  caseworkers,
}: {
  caseId: string;
  assignments: Assigned[];
  caseworkers: { id: string; name: string; role: string }[];
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const run = async (
    p: Promise<{ ok: boolean; error?: string; fieldErrors?: Record<string, string> }>,
    form?: HTMLFormElement,
  ) => {
    setPending(true);
    const res = await p;
    setPending(false);
    if (!res.ok) setError(res.fieldErrors?.caseworkerId ?? res.error ?? 'Not saved');
    else {
      setError(null);
      form?.reset();
      router.refresh();
    }
  };
  const available = caseworkers.filter((c) => !assignments.some((a) => a.caseworker.id === c.id));
  // The choice is read from the form when it is sent, not kept in state: a caseworker chosen before the page's
  // script had started (a slow phone) showed in the list while the state stayed empty, and Assign assigned nobody.
  return (
    <div>
      {error && <Alert>{error}</Alert>}
      {assignments.length === 0 ? (
        <p className="mb-3">No caseworker is assigned yet.</p>
      ) : (
        <ul className="mb-4 grid gap-2">
          {assignments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-3">
              <span className="font-semibold">{a.caseworker.name}</span>
              <Button
                variant="secondary"
                disabled={pending}
                onClick={() => run(unassignCaseworkerAction({ assignmentId: a.id }))}
                aria-label={`Unassign ${a.caseworker.name}`}
              >
                Unassign
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        method="post"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const caseworkerId = String(new FormData(form).get('caseworkerId') ?? '');
          run(assignCaseworkerAction({ caseId, caseworkerId }), form);
        }}
        className="flex flex-wrap items-end gap-3"
      >
        <div className="grow">
          <label htmlFor="assign-caseworker" className="block font-semibold mb-1">
            Assign a caseworker
          </label>
          <select id="assign-caseworker" name="caseworkerId" defaultValue="" className={inputClass()}>
            <option value="">Choose…</option>
            {available.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.role === 'COORDINATOR' ? ' (coordinator)' : ''}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={pending}>
          Assign
        </Button>
      </form>
    </div>
  );
}
