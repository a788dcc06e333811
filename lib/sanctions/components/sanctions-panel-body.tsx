'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { z } from 'zod';
import { addSanctionAction, updateSanctionAction } from '../actions';
import type { sanctionFormSchema, SanctionFieldsInput } from '../schemas';
import { SANCTION_OUTCOME_LABELS } from '../labels';
import { BODY_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS } from '../../cases/labels';
import { formatPartialDate, fromStored, type DatePrecision } from '../../dates/partial-date';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert, Badge, EmptyState } from '../../ui/feedback';
import { PartialDateField } from '../../ui/partial-date-field';
import { useActionSubmit } from '../../ui/use-action-form';
import type { ActionResult } from '../../errors';
import type { BodyKind, ReasonCategory, SanctionOutcome, SanctionType } from '../../db/generated/enums';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.sanctionFormSchema));

export type SanctionItem = {
  id: string;
  type: SanctionType;
  imposedOn: string | null;
  imposedPrecision: DatePrecision | null;
  imposedBy: BodyKind | null;
  reasonCategory: ReasonCategory | null;
  reasonText: string | null;
  outcome: SanctionOutcome;
  endedOn: string | null;
  endedPrecision: DatePrecision | null;
  version: number;
};

type FormOut = z.output<typeof sanctionFormSchema>;
/** An edit changes the sanction only: the timeline choice is for a new one. */
const withoutTimeline = (v: FormOut): Omit<FormOut, 'addToTimeline'> =>
  Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'addToTimeline')) as Omit<FormOut, 'addToTimeline'>;

/** Every sanction on the case, oldest first, each on its own card; add another, and (staff) correct one. */
export function SanctionsPanel({
  caseId,
  sanctions,
  canAdd,
  canEdit,
}: {
  caseId: string;
  sanctions: SanctionItem[];
  canAdd: boolean;
  canEdit: boolean;
}) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (m: string) => {
    setSaved(m);
    setAdding(false);
    router.refresh();
  };
  return (
    <section aria-labelledby="sanctions-heading">
      <div className="flex flex-wrap items-center justify-between gap-3 mb-2">
        <h3 id="sanctions-heading" className="text-xl font-bold">
          What was imposed
        </h3>
        {canAdd && !adding && (
          <Button
            variant="secondary"
            onClick={() => {
              setAdding(true);
              setSaved(null);
            }}
          >
            Add a sanction
          </Button>
        )}
      </div>
      {saved && <Alert kind="success">{saved}</Alert>}
      {adding && (
        <div className="mb-4">
          <SanctionForm
            idPrefix="new-sanction"
            submitLabel="Add the sanction"
            offerTimeline
            onSubmit={(v) => addSanctionAction({ caseId, ...v })}
            onDone={() => done('Sanction added.')}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
      {sanctions.length === 0 ? (
        <EmptyState title="No sanction recorded yet">
          <p>Add what the party imposed, even if you only know roughly when.</p>
        </EmptyState>
      ) : (
        <ol className="grid gap-3" aria-label="Sanctions, oldest first">
          {sanctions.map((s, i) => (
            <SanctionCard key={s.id} s={s} n={i + 1} of={sanctions.length} canEdit={canEdit} onSaved={done} />
          ))}
        </ol>
      )}
    </section>
  );
}

function SanctionCard({
  s,
  n,
  of,
  canEdit,
  onSaved,
}: {
  s: SanctionItem;
  n: number;
  of: number;
  canEdit: boolean;
  onSaved: (m: string) => void;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState(false);
  const imposed = s.imposedOn ? new Date(s.imposedOn) : null;
  const ended = s.endedOn ? new Date(s.endedOn) : null;
  return (
    <li className="bg-white rounded-lg border border-stone-300 p-4">
      <p className="text-sm text-stone-700">{of > 1 ? `Sanction ${n} of ${of}` : 'Sanction'}</p>
      <h4 className="font-semibold text-lg">{SANCTION_TYPE_LABELS[s.type]}</h4>
      <p>
        Imposed {formatPartialDate(imposed, s.imposedPrecision)}
        {s.imposedBy ? ` by ${BODY_LABELS[s.imposedBy]}` : ''}
      </p>
      <p className="mt-1 flex flex-wrap gap-2 items-center">
        <Badge tone={s.outcome === 'PENDING' || s.outcome === 'UPHELD' ? 'warning' : 'good'}>
          {SANCTION_OUTCOME_LABELS[s.outcome]}
        </Badge>
        {ended && <span>Ended {formatPartialDate(ended, s.endedPrecision)}</span>}
      </p>
      {s.reasonCategory && <p className="mt-1">Reason given: {REASON_LABELS[s.reasonCategory]}</p>}
      {s.reasonText && (
        <blockquote className="border-l-4 border-stone-400 pl-3 mt-2 italic whitespace-pre-wrap">
          {s.reasonText}
        </blockquote>
      )}
      {canEdit && !editing && (
        <Button
          variant="secondary"
          className="mt-2"
          onClick={() => {
            setEditing(true);
            setConflict(false);
          }}
          aria-label={`Edit sanction ${n}: ${SANCTION_TYPE_LABELS[s.type]}`}
        >
          Edit
        </Button>
      )}
      {editing && (
        <div className="mt-3">
          {conflict && (
            <Alert kind="info" title="The latest saved version is shown above">
              Compare it with your text below. Saving again will replace it with your version.
            </Alert>
          )}
          <SanctionForm
            idPrefix={`edit-${s.id}`}
            submitLabel="Save changes"
            defaults={
              {
                type: s.type,
                imposedOn: (imposed ? fromStored(imposed, s.imposedPrecision ?? 'YEAR') : undefined) as never,
                imposedBy: s.imposedBy ?? '',
                reasonCategory: s.reasonCategory ?? '',
                reasonText: s.reasonText ?? '',
                outcome: s.outcome,
                endedOn: (ended ? fromStored(ended, s.endedPrecision ?? 'YEAR') : undefined) as never,
              } as Partial<SanctionFieldsInput>
            }
            onSubmit={(v) => updateSanctionAction({ sanctionId: s.id, version: s.version, ...withoutTimeline(v) })}
            onConflict={() => {
              setConflict(true);
              router.refresh();
            }}
            onDone={() => {
              setEditing(false);
              onSaved('Changes saved.');
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      )}
    </li>
  );
}

/** Add or correct a sanction. What was typed stays after any error, a conflict included. */
export function SanctionForm(props: {
  idPrefix: string;
  submitLabel: string;
  defaults?: Partial<SanctionFieldsInput>;
  offerTimeline?: boolean;
  onSubmit: (v: FormOut) => Promise<ActionResult<unknown>>;
  onDone: () => void;
  onCancel?: () => void;
  onConflict?: () => void;
}) {
  const [hasEnded, setHasEnded] = useState(!!props.defaults?.endedOn);
  const form = useForm<SanctionFieldsInput, unknown, FormOut>({
    resolver,
    defaultValues: { reasonText: '', outcome: 'PENDING', addToTimeline: !!props.offerTimeline, ...props.defaults },
    shouldUnregister: true,
  });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    async (v: FormOut) => {
      const res = await props.onSubmit(v);
      if (!res.ok && res.code === 'conflict') props.onConflict?.();
      return res;
    },
    () => props.onDone(),
  );
  const e = form.formState.errors;
  const id = (n: string) => `${props.idPrefix}-${n}`;
  return (
    <form method="post" onSubmit={submit} noValidate className="bg-white rounded-lg border border-stone-300 p-4">
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field id={id('type')} label="What was imposed?" error={e.type?.message}>
        <select
          id={id('type')}
          className={inputClass(e.type)}
          aria-invalid={!!e.type}
          aria-describedby={describedBy(id('type'), false, e.type)}
          {...registerWithValue(form, 'type')}
        >
          <option value="">Choose…</option>
          {Object.entries(SANCTION_TYPE_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <PartialDateField form={form} name="imposedOn" legend="When was it imposed?" />
      <Field id={id('imposedBy')} label="Who imposed it?" optional error={e.imposedBy?.message}>
        <select id={id('imposedBy')} className={inputClass(e.imposedBy)} {...registerWithValue(form, 'imposedBy')}>
          <option value="">Not known</option>
          {Object.entries(BODY_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('reasonCategory')} label="The reason they gave" optional error={e.reasonCategory?.message}>
        <select
          id={id('reasonCategory')}
          className={inputClass(e.reasonCategory)}
          {...registerWithValue(form, 'reasonCategory')}
        >
          <option value="">Not given</option>
          {Object.entries(REASON_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={id('reasonText')}
        label="Their exact words"
        optional
        hint="Copy the wording from the letter if you have it."
        error={e.reasonText?.message}
      >
        <textarea
          id={id('reasonText')}
          rows={3}
          className={inputClass(e.reasonText)}
          aria-invalid={!!e.reasonText}
          aria-describedby={describedBy(id('reasonText'), true, e.reasonText)}
          {...registerWithValue(form, 'reasonText')}
        />
      </Field>
      <Field id={id('outcome')} label="How does it stand now?" error={e.outcome?.message}>
        <select id={id('outcome')} className={inputClass(e.outcome)} {...registerWithValue(form, 'outcome')}>
          {Object.entries(SANCTION_OUTCOME_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <label className="flex items-start gap-3 mb-3 cursor-pointer">
        <input
          type="checkbox"
          className="size-6 mt-1"
          checked={hasEnded}
          onChange={(ev) => setHasEnded(ev.target.checked)}
        />
        <span>
          <strong>It has ended</strong> (lifted, overturned, quashed or withdrawn).
        </span>
      </label>
      {hasEnded && <PartialDateField form={form} name="endedOn" legend="When did it end?" />}
      {props.offerTimeline && (
        <label className="flex items-start gap-3 mb-5 cursor-pointer">
          <input type="checkbox" className="size-6 mt-1" {...form.register('addToTimeline')} />
          <span>
            <strong>Also add it to the timeline</strong> (a notice of suspension, or “suspended again” if there was one
            before; an expulsion or exclusion as a decision against the member, which starts the appeal deadline).
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
