'use client';

import { useForm, type Path } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { useRouter } from 'next/navigation';
import type { CreateCaseForMemberInput } from '../details-schemas';
import { STAFF_CONSENT_METHODS } from '../consent-methods';
import { createCaseForMemberAction } from '../details-actions';
import { BODY_LABELS, CONSENT_METHOD_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS } from '../labels';
import { PersonFields, type BranchOption } from './person-fields';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { PartialDateField } from '../../ui/partial-date-field';
import { useActionSubmit } from '../../ui/use-action-form';
import { WantsField } from './wants-field';

const resolver = lazyZodResolver(() => import('../details-schemas').then((m) => m.createCaseForMemberSchema));

type Option = { id: string; name: string };

/**
 * A case opened by staff for a member who is not online: who they are (or the person already chosen),
 * what was done, what they want, and how they agreed. One page, sections in the order of a phone call.
 */
export function CaseForMemberForm(props: {
  person: { id: string; fullName: string } | null;
  today: string;
  regions: Option[];
  branches: BranchOption[];
}) {
  const router = useRouter();
  const form = useForm<CreateCaseForMemberInput>({
    resolver,
    defaultValues: {
      rolesHeld: [],
      wants: [],
      consentGivenOn: props.today,
      ...(props.person ? { personId: props.person.id } : {}),
    },
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => createCaseForMemberAction(v),
    (data) => {
      router.push(`/cases/${data.reference}/claim?created=1`);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  const select = (
    name: 'sanctionType' | 'imposedBy' | 'reasonCategory' | 'consentMethod',
    label: string,
    options: [string, string][],
    hint?: string,
  ) => (
    <Field id={name} label={label} hint={hint} error={e[name]?.message}>
      <select
        id={name}
        className={inputClass(e[name])}
        aria-invalid={!!e[name]}
        aria-describedby={describedBy(name, hint, e[name])}
        {...form.register(name)}
      >
        <option value="">Choose…</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      {formError && <Alert title="The case has not been opened yet">{formError}</Alert>}
      {e.personId && <Alert title="Choose the person again">{e.personId.message}</Alert>}

      <section aria-labelledby="who-heading" className="mb-8">
        <h2 id="who-heading" className="text-2xl font-bold mb-3">
          The member
        </h2>
        {props.person ? (
          <p className="mb-4">
            This case will be added for <strong>{props.person.fullName}</strong>. Their details are kept as they are;
            change them afterwards with “Edit details” on the case.
          </p>
        ) : (
          <PersonFields
            form={form}
            regions={props.regions}
            branches={props.branches}
            email="edit"
            nameLabel="Full name"
          />
        )}
      </section>

      <section aria-labelledby="what-heading" className="mb-8">
        <h2 id="what-heading" className="text-2xl font-bold mb-3">
          What happened
        </h2>
        {select('sanctionType', 'What was done to them?', Object.entries(SANCTION_TYPE_LABELS))}
        <PartialDateField
          form={form}
          name="imposedOn"
          legend="When did it happen?"
          hint="The date on the letter if they have it; otherwise how well they know it."
        />
        {select('imposedBy', 'Who did it?', Object.entries(BODY_LABELS))}
        {select('reasonCategory', 'What reason were they given?', Object.entries(REASON_LABELS))}
        <Field
          id="reasonText"
          label="The party’s exact words"
          optional
          hint="From the letter, word for word, if it was read out or sent in."
          error={e.reasonText?.message}
        >
          <textarea
            id="reasonText"
            rows={4}
            className={inputClass(e.reasonText)}
            aria-invalid={!!e.reasonText}
            aria-describedby={describedBy('reasonText', true, e.reasonText)}
            {...form.register('reasonText')}
          />
        </Field>
      </section>

      <section aria-labelledby="wants-heading" className="mb-8">
        <h2 id="wants-heading" className="text-2xl font-bold mb-3">
          What they want
        </h2>
        <WantsField legend="What would they like to happen?" error={e.wants} register={form.register('wants')} />
        <Field
          id="summary"
          label="Summary"
          optional
          hint="What they told you, in their words where you can."
          error={e.summary?.message}
        >
          <textarea
            id="summary"
            rows={5}
            className={inputClass(e.summary)}
            aria-invalid={!!e.summary}
            aria-describedby={describedBy('summary', true, e.summary)}
            {...form.register('summary')}
          />
        </Field>
      </section>

      <section aria-labelledby="consent-heading" className="mb-8">
        <h2 id="consent-heading" className="text-2xl font-bold mb-1">
          Their agreement
        </h2>
        <p className="mb-4 text-stone-700">
          Only open a case when the member has agreed that the network’s caseworkers may see and work on it, including
          information about their political opinions.
        </p>
        {select(
          'consentMethod',
          'How did they agree?',
          STAFF_CONSENT_METHODS.map((m) => [m, CONSENT_METHOD_LABELS[m]]),
        )}
        <Field id="consentGivenOn" label="Date they agreed" error={e.consentGivenOn?.message}>
          <input
            id="consentGivenOn"
            type="date"
            max={props.today}
            className={inputClass(e.consentGivenOn)}
            aria-invalid={!!e.consentGivenOn}
            aria-describedby={describedBy('consentGivenOn', false, e.consentGivenOn)}
            {...form.register('consentGivenOn')}
          />
        </Field>
        <Field
          id="consentNote"
          label="Note for staff"
          optional
          hint="For example “signed form filed as E1”, or what was said on the phone. The member does not see this."
          error={e.consentNote?.message}
        >
          <textarea
            id="consentNote"
            rows={3}
            className={inputClass(e.consentNote)}
            aria-invalid={!!e.consentNote}
            aria-describedby={describedBy('consentNote', true, e.consentNote)}
            {...form.register('consentNote' as Path<CreateCaseForMemberInput>)}
          />
        </Field>
        <p className="mb-4">You will be recorded as the person who took their agreement.</p>
      </section>

      <Button type="submit" disabled={pending}>
        {pending ? 'Opening the case…' : 'Open the case'}
      </Button>
    </form>
  );
}
