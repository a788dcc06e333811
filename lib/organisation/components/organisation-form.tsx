'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { updateOrganisationAction } from '../actions';
import type { OrganisationFields } from '../schemas';
import { MAX_DAYS, MIN_DAYS } from '../limits';
import { JURISDICTION_LABELS } from '../../deadlines/jurisdictions';
import { Field, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { SettingsInput } from './settings-field';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.organisationFieldsSchema));

type Was = { name: string; jurisdiction: string; defaultResponseDays: number; defaultAppealDays: number };

/** The party's name, the nation for bank holidays, and the default reply and appeal windows. */
export function OrganisationForm({ was }: { was: Was }) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<OrganisationFields>({ resolver, defaultValues: was });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => updateOrganisationAction({ ...v, was }),
    (r) => {
      setDone(
        r.fields.length === 0
          ? 'Nothing had changed.'
          : `Saved.${r.recalculatedCases ? ` The deadlines of ${r.recalculatedCases} case${r.recalculatedCases === 1 ? '' : 's'} that follow these defaults were worked out again.` : ''}`,
      );
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setDone(null);
        return submit(ev);
      }}
      noValidate
      aria-labelledby="organisation-heading"
    >
      {formError && <Alert title="Not saved">{formError}</Alert>}
      {done && <Alert kind="success">{done}</Alert>}
      <SettingsInput
        id="org-name"
        label="The party’s name"
        hint="As letters name it, for example as the data controller in a subject access request."
        error={e.name?.message}
        reg={registerWithValue(form, 'name')}
      />
      <Field
        id="org-jurisdiction"
        label="Bank holidays of"
        hint="Deadlines counted in working days skip this nation’s bank holidays (a case can choose another)."
        error={e.jurisdiction?.message}
      >
        <select
          id="org-jurisdiction"
          className={inputClass(e.jurisdiction)}
          aria-describedby="org-jurisdiction-hint"
          {...registerWithValue(form, 'jurisdiction')}
        >
          {Object.entries(JURISDICTION_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <SettingsInput
        id="org-response"
        numeric
        label="Days to reply to a notice of investigation"
        error={e.defaultResponseDays?.message}
        reg={registerWithValue(form, 'defaultResponseDays')}
        hint={`Used when the notice does not say. Between ${MIN_DAYS} and ${MAX_DAYS} days.`}
      />
      <SettingsInput
        id="org-appeal"
        numeric
        label="Days allowed to appeal after a decision"
        error={e.defaultAppealDays?.message}
        reg={registerWithValue(form, 'defaultAppealDays')}
        hint={`Used unless a case sets its own. Between ${MIN_DAYS} and ${MAX_DAYS} days.`}
      />
      <p className="mb-4 text-stone-700">
        Changing a number of days or the nation works out again, straight away, the deadlines of every case that follows
        these defaults (waivers, extensions and deadlines already met are kept).
      </p>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save organisation settings'}
      </Button>
    </form>
  );
}
