'use client';

import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { useRouter } from 'next/navigation';
import type { UpdateCaseDetailsInput, UpdatePersonInput } from '../details-schemas';
import { STAFF_CONSENT_METHODS } from '../consent-methods';
import { updateCaseDetailsAction, updatePersonAction } from '../details-actions';
import { CONSENT_METHOD_LABELS } from '../labels';
import { PersonFields, type BranchOption } from './person-fields';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { WantsField } from './wants-field';
import { registerWithValue } from '../../ui/ssr-default';

const updateCaseDetailsResolver = lazyZodResolver(() =>
  import('../details-schemas').then((m) => m.updateCaseDetailsSchema),
);
const updatePersonResolver = lazyZodResolver(() => import('../details-schemas').then((m) => m.updatePersonSchema));

type Option = { id: string; name: string };

/**
 * The member's details. After a conflict the page is refreshed underneath (the new version comes in as a
 * prop) while what was typed stays in the boxes, so a second save goes through on purpose.
 */
export function PersonDetailsForm(props: {
  values: UpdatePersonInput;
  lockedEmail: string | null;
  regions: Option[];
  branches: BranchOption[];
  isMember: boolean;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<UpdatePersonInput>({ resolver: updatePersonResolver, defaultValues: props.values });
  useEffect(() => form.setValue('version', props.values.version), [form, props.values.version]);
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) =>
      updatePersonAction(v).then((r) => {
        if (!r.ok && r.code === 'conflict') router.refresh();
        return r;
      }),
    (data) => {
      form.setValue('version', data.version);
      setSaved(true);
      router.refresh();
    },
  );
  return (
    <form
      method="post"
      onSubmit={(e) => {
        setSaved(false);
        return submit(e);
      }}
      noValidate
    >
      {saved && (
        <Alert kind="success" title="Saved">
          {props.isMember ? 'Your details have been saved.' : 'The member’s details have been saved.'}
        </Alert>
      )}
      {formError && <Alert title="Not saved yet">{formError}</Alert>}
      <PersonFields
        form={form}
        regions={props.regions}
        branches={props.branches}
        email={props.lockedEmail ? { locked: props.lockedEmail } : 'edit'}
        nameLabel={props.isMember ? 'Your full name' : 'Full name'}
        forMember={props.isMember}
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save details'}
      </Button>
    </form>
  );
}

type ConsentValues = {
  consentMethod: (typeof STAFF_CONSENT_METHODS)[number];
  consentGivenOn: string;
  consentNote?: string;
};

/** What the member wants, the summary, and (on a case staff opened) how the member agreed. Staff only. */
export function CaseDetailsForm(props: {
  values: Omit<UpdateCaseDetailsInput, 'consent'>;
  consent: ConsentValues | null;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<UpdateCaseDetailsInput>({
    resolver: updateCaseDetailsResolver,
    defaultValues: { ...props.values, ...(props.consent ? { consent: props.consent } : {}) },
  });
  useEffect(() => form.setValue('version', props.values.version), [form, props.values.version]);
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) =>
      updateCaseDetailsAction(v).then((r) => {
        if (!r.ok && r.code === 'conflict') router.refresh();
        return r;
      }),
    (data) => {
      form.setValue('version', data.version);
      setSaved(true);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  const ce = e.consent;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setSaved(false);
        return submit(ev);
      }}
      noValidate
    >
      {saved && (
        <Alert kind="success" title="Saved">
          The case details have been saved.
        </Alert>
      )}
      {formError && <Alert title="Not saved yet">{formError}</Alert>}
      <WantsField legend="What the member wants" error={e.wants} register={form.register('wants')} />
      <Field id="summary" label="Summary" optional error={e.summary?.message}>
        <textarea
          id="summary"
          rows={6}
          className={inputClass(e.summary)}
          aria-invalid={!!e.summary}
          aria-describedby={describedBy('summary', false, e.summary)}
          {...registerWithValue(form, 'summary')}
        />
      </Field>
      {props.consent && (
        <fieldset className="mb-5 border-t border-stone-300 pt-4">
          <legend className="text-lg font-bold">The member’s agreement</legend>
          <Field id="consent.consentMethod" label="How the member agreed" error={ce?.consentMethod?.message}>
            <select
              id="consent.consentMethod"
              className={inputClass(ce?.consentMethod)}
              aria-invalid={!!ce?.consentMethod}
              aria-describedby={describedBy('consent.consentMethod', false, ce?.consentMethod)}
              {...registerWithValue(form, 'consent.consentMethod')}
            >
              {STAFF_CONSENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {CONSENT_METHOD_LABELS[m]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="consent.consentGivenOn" label="Date they agreed" error={ce?.consentGivenOn?.message}>
            <input
              id="consent.consentGivenOn"
              type="date"
              className={inputClass(ce?.consentGivenOn)}
              aria-invalid={!!ce?.consentGivenOn}
              aria-describedby={describedBy('consent.consentGivenOn', false, ce?.consentGivenOn)}
              {...registerWithValue(form, 'consent.consentGivenOn')}
            />
          </Field>
          <Field
            id="consent.consentNote"
            label="Note for staff"
            optional
            hint="For example where the signed form is filed. The member does not see this."
            error={ce?.consentNote?.message}
          >
            <textarea
              id="consent.consentNote"
              rows={3}
              className={inputClass(ce?.consentNote)}
              aria-invalid={!!ce?.consentNote}
              aria-describedby={describedBy('consent.consentNote', true, ce?.consentNote)}
              {...registerWithValue(form, 'consent.consentNote')}
            />
          </Field>
        </fieldset>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save case details'}
      </Button>
    </form>
  );
}
