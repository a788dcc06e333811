'use client';

import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { createGroupActionAction, updateGroupActionAction } from '../actions';
import type { GroupActionFields, GroupActionFieldsInput } from '../schemas';
import { BODY_LABELS, GROUP_MEASURE_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS } from '../../cases/labels';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { PartialDateField } from '../../ui/partial-date-field';
import { useActionSubmit } from '../../ui/use-action-form';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.groupActionFieldsSchema));

type Branch = { id: string; name: string; region: string };

/** Record a group action, or change one. What was typed stays after any error, a conflict included. */
export function GroupActionForm({
  branches,
  existing,
}: {
  branches: Branch[];
  existing?: { id: string; reference: string; version: number; values: GroupActionFieldsInput };
}) {
  const router = useRouter();
  const form = useForm<GroupActionFieldsInput, unknown, GroupActionFields>({
    resolver,
    defaultValues: existing?.values ?? { title: '', measures: [], branchIds: [], summary: '' },
  });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    (v: GroupActionFields) =>
      existing
        ? updateGroupActionAction({ groupActionId: existing.id, version: existing.version, ...v })
        : createGroupActionAction(v),
    (data: { reference: string }) => router.push(`/groups/${data.reference}?saved=1`),
  );
  const e = form.formState.errors;
  const regions = [...new Set(branches.map((b) => b.region))];
  return (
    <form
      method="post"
      onSubmit={submit}
      noValidate
      className="bg-white rounded-lg border border-stone-300 p-4 max-w-2xl"
    >
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field
        id="ga-title"
        label="Short title"
        hint="For example: “Two neighbouring branches suspended after the motion”."
        error={e.title?.message}
      >
        <input
          id="ga-title"
          className={inputClass(e.title)}
          aria-invalid={!!e.title}
          aria-describedby={describedBy('ga-title', true, e.title)}
          {...registerWithValue(form, 'title')}
        />
      </Field>
      <Field id="ga-type" label="What was imposed?" error={e.sanctionType?.message}>
        <select
          id="ga-type"
          className={inputClass(e.sanctionType)}
          aria-invalid={!!e.sanctionType}
          aria-describedby={describedBy('ga-type', false, e.sanctionType)}
          {...registerWithValue(form, 'sanctionType')}
        >
          <option value="">Choose…</option>
          {Object.entries(SANCTION_TYPE_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="mb-5">
        <legend className="font-semibold mb-1">
          What else was done? <span className="font-normal text-stone-700">(optional)</span>
        </legend>
        {Object.entries(GROUP_MEASURE_LABELS).map(([v, l]) => (
          <label key={v} className="flex items-center gap-3 min-h-11 cursor-pointer">
            <input type="checkbox" value={v} className="size-6" {...form.register('measures')} /> {l}
          </label>
        ))}
      </fieldset>
      <PartialDateField form={form} name="imposedOn" legend="When was it imposed?" />
      <Field id="ga-by" label="Who imposed it?" optional error={e.imposedBy?.message}>
        <select id="ga-by" className={inputClass(e.imposedBy)} {...registerWithValue(form, 'imposedBy')}>
          <option value="">Not known</option>
          {Object.entries(BODY_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field id="ga-reason" label="The reason they gave" optional error={e.reasonCategory?.message}>
        <select id="ga-reason" className={inputClass(e.reasonCategory)} {...registerWithValue(form, 'reasonCategory')}>
          <option value="">Not given</option>
          {Object.entries(REASON_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="mb-5" aria-describedby={e.branchIds ? 'ga-branches-error' : undefined}>
        <legend className="font-semibold mb-1">Which branches did it hit?</legend>
        {e.branchIds && (
          <p id="ga-branches-error" className="text-red-800 font-semibold mb-1" role="alert">
            <span aria-hidden="true">⚠ </span>
            {e.branchIds.message ?? e.branchIds.root?.message}
          </p>
        )}
        {branches.length === 0 && <p>No branches are set up yet. Add them on the organisation settings page first.</p>}
        {regions.map((r) => (
          <div key={r} className="mb-2">
            <p className="text-sm text-stone-700">{r}</p>
            {branches
              .filter((b) => b.region === r)
              .map((b) => (
                <label key={b.id} className="flex items-center gap-3 min-h-11 cursor-pointer">
                  <input type="checkbox" value={b.id} className="size-6" {...form.register('branchIds')} /> {b.name}
                </label>
              ))}
          </div>
        ))}
      </fieldset>
      <Field
        id="ga-summary"
        label="What happened, in plain words"
        optional
        hint="Every member whose case is linked can read this. Do not name other members here."
        error={e.summary?.message}
      >
        <textarea
          id="ga-summary"
          rows={4}
          className={inputClass(e.summary)}
          aria-invalid={!!e.summary}
          aria-describedby={describedBy('ga-summary', true, e.summary)}
          {...registerWithValue(form, 'summary')}
        />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : existing ? 'Save changes' : 'Record the group action'}
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={() => router.push(existing ? `/groups/${existing.reference}` : '/groups')}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
