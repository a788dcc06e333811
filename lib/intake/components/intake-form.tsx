'use client';

import { useRef, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import type { IntakeInput } from '../schemas';
import { INTAKE_STEPS } from '../steps';
import { saveIntakeDraftAction, submitIntakeAction } from '../actions';
import { BODY_LABELS, REASON_LABELS, ROLES_HELD, SANCTION_TYPE_LABELS } from '../../cases/labels';
import { DiscardDraft } from './discard-draft';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { PartialDateField } from '../../ui/partial-date-field';
import { applyServerErrors } from '../../ui/use-action-form';
import { WantsField } from '../../cases/components/wants-field';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.intakeSchema));
// The last step's summary reads dates with the intake's schema: it comes when that step is reached.
const IntakeCheck = dynamic(() => import('./intake-check').then((m) => m.IntakeCheck));

type Option = { id: string; name: string };
/** hasDraft: a saved draft exists (from an earlier visit): only then is there anything to discard. */
type Props = {
  initialStep: number;
  initialData: Record<string, unknown>;
  hasDraft: boolean;
  regions: Option[];
  branches: (Option & { regionId: string })[];
};

const STEP_FIELDS: Record<(typeof INTAKE_STEPS)[number]['id'], string[]> = {
  about: ['fullName', 'membershipNumber', 'phone'],
  branch: ['regionId', 'branchId', 'rolesHeld'],
  sanction: ['sanctionType', 'imposedOn', 'imposedBy', 'reasonCategory', 'reasonText'],
  wants: ['wants', 'summary'],
  consent: ['consent'],
};

function stepOfField(name: string): number {
  const root = name.split('.')[0]!;
  return Math.max(
    0,
    INTAKE_STEPS.findIndex((s) => STEP_FIELDS[s.id].includes(root)),
  );
}

export function IntakeForm({ initialStep, initialData, hasDraft, regions, branches }: Props) {
  const router = useRouter();
  const [step, setStep] = useState(Math.min(initialStep, INTAKE_STEPS.length - 1));
  const [formError, setFormError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(hasDraft);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const form = useForm<IntakeInput>({
    resolver,
    mode: 'onTouched',
    defaultValues: { rolesHeld: [], wants: [], ...(initialData as Partial<IntakeInput>) },
  });
  const e = form.formState.errors;
  const regionId = form.watch('regionId');
  const current = INTAKE_STEPS[step]!;

  const goTo = (n: number) => {
    setStep(n);
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  async function saveDraft(nextStep: number): Promise<boolean> {
    const { consent, ...data } = form.getValues() as Record<string, unknown>;
    const res = await saveIntakeDraftAction({
      step: nextStep,
      data: { ...data, consent: consent === true },
    } as never).catch(() => null);
    const at = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date());
    setSaveState(
      res?.ok
        ? `Progress saved at ${at}`
        : 'We could not save your progress just now. Keep this page open and try again.',
    );
    if (res?.ok) setSaved(true);
    return !!res?.ok;
  }

  // A second tap while the step is being checked and saved does nothing (it would save the same step again).
  const [moving, setMoving] = useState(false);
  async function next() {
    setMoving(true);
    try {
      const ok = await form.trigger(STEP_FIELDS[current.id] as Path<IntakeInput>[], { shouldFocus: true });
      if (!ok) return;
      await saveDraft(step + 1);
      goTo(step + 1);
    } finally {
      setMoving(false);
    }
  }

  const submit = form.handleSubmit(
    async (values) => {
      setFormError(null);
      setPending(true);
      try {
        const res = await submitIntakeAction(values);
        if (res.ok) {
          router.push(`/cases/${res.data.reference}?created=1`);
          router.refresh();
          return;
        }
        applyServerErrors(form, res.fieldErrors);
        setFormError(res.error);
        const first = Object.keys(res.fieldErrors ?? {}).find((k) => k !== '_form');
        if (first) goTo(stepOfField(first));
      } catch {
        setFormError(
          'We could not reach the server. Check your connection and try again; what you typed is still here.',
        );
      } finally {
        setPending(false);
      }
    },
    (errors) => {
      const first = Object.keys(errors)[0];
      if (first) goTo(stepOfField(first));
    },
  );

  const text = (
    name: 'fullName' | 'membershipNumber' | 'phone',
    label: string,
    opts: { hint?: string; optional?: boolean; autoComplete?: string } = {},
  ) => (
    <Field id={name} label={label} hint={opts.hint} optional={opts.optional} error={e[name]?.message}>
      <input
        id={name}
        autoComplete={opts.autoComplete}
        className={inputClass(e[name])}
        aria-invalid={!!e[name]}
        aria-describedby={describedBy(name, opts.hint, e[name])}
        {...registerWithValue(form, name)}
      />
    </Field>
  );
  const select = (
    name: 'regionId' | 'branchId' | 'sanctionType' | 'imposedBy' | 'reasonCategory',
    label: string,
    options: [string, string][],
    hint?: string,
    optional?: boolean,
  ) => (
    <Field id={name} label={label} hint={hint} optional={optional} error={e[name]?.message}>
      <select
        id={name}
        className={inputClass(e[name])}
        aria-invalid={!!e[name]}
        aria-describedby={describedBy(name, hint, e[name])}
        {...registerWithValue(form, name)}
      >
        <option value="">Choose…</option>
        {options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </Field>
  );
  const values = form.watch();

  return (
    <form method="post" onSubmit={submit} noValidate>
      <ol aria-label="Steps" className="flex flex-wrap gap-2 mb-5 text-sm">
        {INTAKE_STEPS.map((s, i) => (
          <li
            key={s.id}
            aria-current={i === step ? 'step' : undefined}
            className={`rounded-full px-3 py-1 border ${i === step ? 'bg-brand-700 text-white border-brand-800' : i < step ? 'bg-brand-100 border-brand-600' : 'bg-white border-stone-400'}`}
          >
            {i + 1}. {s.title}
          </li>
        ))}
      </ol>
      <h2 ref={headingRef} tabIndex={-1} className="text-2xl font-bold mb-1">
        Step {step + 1} of {INTAKE_STEPS.length}: {current.title}
      </h2>
      <p className="text-stone-600 mb-5" aria-live="polite">
        {saveState ?? 'Your answers are saved each time you go to the next step.'}
      </p>
      {formError && <Alert title="Your case has not been sent yet">{formError}</Alert>}

      <div hidden={current.id !== 'about'}>
        {text('fullName', 'Your full name', { autoComplete: 'name' })}
        {text('membershipNumber', 'Your membership number', {
          optional: true,
          hint: 'It is on your membership card or emails from the party. Leave it blank if you do not know it.',
        })}
        {text('phone', 'A phone number we can call you on', { optional: true, autoComplete: 'tel' })}
      </div>

      <div hidden={current.id !== 'branch'}>
        {select(
          'regionId',
          'Your region',
          regions.map((r) => [r.id, r.name]),
          undefined,
          true,
        )}
        {select(
          'branchId',
          'Your local branch',
          branches.filter((b) => !regionId || b.regionId === regionId).map((b) => [b.id, b.name]),
          'If your branch is not listed, leave this blank and tell us in step 4.',
          true,
        )}
        <fieldset className="mb-5">
          <legend className="font-semibold mb-1">
            Roles you held <span className="font-normal text-stone-600">(optional)</span>
          </legend>
          <p className="text-stone-600 mb-2">Tick all that apply at the time it happened.</p>
          {ROLES_HELD.map((r) => (
            <label key={r} className="flex items-center gap-3 min-h-11 cursor-pointer">
              <input type="checkbox" value={r} className="size-6" {...form.register('rolesHeld')} /> {r}
            </label>
          ))}
        </fieldset>
      </div>

      <div hidden={current.id !== 'sanction'}>
        {select('sanctionType', 'What was done to you?', Object.entries(SANCTION_TYPE_LABELS))}
        <PartialDateField
          form={form}
          name="imposedOn"
          legend="When did it happen?"
          hint="Use the date on the letter or email if you have it. If you are not sure, choose how well you know it."
        />
        {select(
          'imposedBy',
          'Who did it?',
          Object.entries(BODY_LABELS),
          'Usually the name at the bottom of the letter.',
        )}
        {select('reasonCategory', 'What reason did they give?', Object.entries(REASON_LABELS))}
        <Field
          id="reasonText"
          label="Their exact words"
          optional
          hint="Copy the reason from the letter if you can, word for word."
          error={e.reasonText?.message}
        >
          <textarea
            id="reasonText"
            rows={5}
            className={inputClass(e.reasonText)}
            aria-invalid={!!e.reasonText}
            aria-describedby={describedBy('reasonText', true, e.reasonText)}
            {...registerWithValue(form, 'reasonText')}
          />
        </Field>
      </div>

      <div hidden={current.id !== 'wants'}>
        <WantsField
          legend="What would you like to happen?"
          hint="Tick all that apply."
          error={e.wants}
          register={form.register('wants')}
        />
        <Field
          id="summary"
          label="Anything else you want us to know"
          optional
          hint="In your own words. You can add more later."
          error={e.summary?.message}
        >
          <textarea
            id="summary"
            rows={6}
            className={inputClass(e.summary)}
            aria-invalid={!!e.summary}
            aria-describedby={describedBy('summary', true, e.summary)}
            {...registerWithValue(form, 'summary')}
          />
        </Field>
      </div>

      <div hidden={current.id !== 'consent'}>
        <IntakeCheck values={values} regions={regions} branches={branches} onChange={goTo} />
        <Field id="consent" label="Your agreement" error={e.consent?.message}>
          <label className="flex items-start gap-3 cursor-pointer">
            <input
              id="consent"
              type="checkbox"
              className="size-6 mt-1"
              aria-invalid={!!e.consent}
              aria-describedby={describedBy('consent', false, e.consent)}
              {...form.register('consent')}
            />
            <span>
              I agree that the network’s volunteer caseworkers may see and work on my case, including information about
              my political opinions. I can withdraw this at any time from my case page.
            </span>
          </label>
        </Field>
      </div>

      <div className="flex flex-wrap gap-3 mt-6">
        {step > 0 && (
          <Button type="button" variant="secondary" onClick={() => goTo(step - 1)}>
            Back
          </Button>
        )}
        {step < INTAKE_STEPS.length - 1 ? (
          <Button type="button" onClick={next} disabled={moving}>
            Save and continue
          </Button>
        ) : (
          <Button type="submit" disabled={pending}>
            {pending ? 'Sending…' : 'Send my case'}
          </Button>
        )}
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            if (await saveDraft(step)) router.push('/cases');
          }}
        >
          Save and finish later
        </Button>
      </div>
      {saved && (
        <div className="flex flex-wrap mt-8 pt-4 border-t border-stone-300">
          <DiscardDraft />
        </div>
      )}
    </form>
  );
}
