'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { saveFairnessAction } from '../actions';
import {
  FAIRNESS_ANSWER_LABELS,
  FAIRNESS_QUESTIONS,
  type FairnessAnswer,
  type FairnessKey,
} from '../fairness-questions';
import { Field, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

type Finding = {
  question: FairnessKey;
  answer: FairnessAnswer;
  note: string | null;
  internalNote: string | null;
  evidenceIds: string[];
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
};
type Values = {
  findings: {
    question: FairnessKey;
    answer: FairnessAnswer;
    note: string;
    internalNote: string;
    evidenceIds: string[];
    version: number;
  }[];
  recommendation: string;
};

/**
 * The draft of the reinstatement review (staff only): yes / no / not known, a finding that will be
 * published, an internal note that never is, and linked evidence, for each question.
 */
export function FairnessForm(props: {
  caseId: string;
  findings: Finding[];
  recommendation: string | null;
  evidence: { id: string; exhibitNumber: number; title: string }[];
}) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({
    values: {
      findings: props.findings.map((f) => ({
        question: f.question,
        answer: f.answer,
        note: f.note ?? '',
        internalNote: f.internalNote ?? '',
        evidenceIds: f.evidenceIds,
        version: f.version,
      })),
      recommendation: props.recommendation ?? '',
    },
    resetOptions: { keepDirtyValues: true },
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) =>
      saveFairnessAction({
        caseId: props.caseId,
        recommendation: v.recommendation,
        // One checkbox alone comes back as its value or false rather than a list.
        findings: v.findings.map((f) => ({
          ...f,
          evidenceIds: Array.isArray(f.evidenceIds)
            ? f.evidenceIds
            : f.evidenceIds
              ? [f.evidenceIds as unknown as string]
              : [],
        })),
      }),
    () => {
      setSaved(true);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  const watched = useWatch({ control: form.control, name: 'findings' });
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
      {saved && <Alert kind="success">Draft saved. Publish it when it is ready for the member to read.</Alert>}
      {props.findings.map((f, i) => {
        const base = `findings.${i}` as const;
        const err = e.findings?.[i];
        return (
          <fieldset key={f.question} className="mb-6 rounded-lg border-2 border-stone-300 bg-white p-4">
            <legend className="px-1 font-bold">
              {i + 1}. {FAIRNESS_QUESTIONS[f.question]}
            </legend>
            {err?.answer?.message && (
              <p className="text-red-800 font-semibold" role="alert">
                {err.answer.message}
              </p>
            )}
            <div className="flex flex-wrap gap-4 mb-3" role="radiogroup" aria-label={FAIRNESS_QUESTIONS[f.question]}>
              {(['YES', 'NO', 'UNKNOWN'] as const).map((a) => (
                <label key={a} className="flex items-center gap-2 cursor-pointer min-h-11">
                  <input type="radio" value={a} className="size-6" {...form.register(`${base}.answer`)} />{' '}
                  {FAIRNESS_ANSWER_LABELS[a]}
                </label>
              ))}
            </div>
            <Field
              id={`fairness-${f.question}-note`}
              label="Finding"
              optional
              hint="Published with the review: the member and a review panel read it."
              error={err?.note?.message}
            >
              <textarea
                id={`fairness-${f.question}-note`}
                rows={2}
                className={inputClass(err?.note)}
                {...form.register(`${base}.note`)}
              />
            </Field>
            <Field
              id={`fairness-${f.question}-internal`}
              label="Internal note"
              optional
              hint="Caseworkers only: never published."
              error={err?.internalNote?.message}
            >
              <textarea
                id={`fairness-${f.question}-internal`}
                rows={2}
                className={inputClass(err?.internalNote)}
                {...form.register(`${base}.internalNote`)}
              />
            </Field>
            {props.evidence.length > 0 && (
              <details>
                <summary className="cursor-pointer min-h-11 py-2">
                  Linked evidence ({watched?.[i]?.evidenceIds?.length ?? 0})
                </summary>
                <div className="grid gap-1">
                  {props.evidence.map((x) => (
                    <label key={x.id} className="flex items-start gap-2 cursor-pointer">
                      <input
                        type="checkbox"
                        value={x.id}
                        className="size-5 mt-1"
                        {...form.register(`${base}.evidenceIds`)}
                      />{' '}
                      <span>
                        E{x.exhibitNumber} – {x.title}
                      </span>
                    </label>
                  ))}
                </div>
              </details>
            )}
            {f.updatedBy && <p className="text-sm text-stone-600 mt-2">Last answered by {f.updatedBy}</p>}
          </fieldset>
        );
      })}
      <Field
        id="recommendation"
        label="Recommendation"
        optional
        hint="What should happen now, and why, in a few sentences."
        error={e.recommendation?.message}
      >
        <textarea
          id="recommendation"
          rows={4}
          className={inputClass(e.recommendation)}
          {...form.register('recommendation')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save the draft'}
      </Button>
    </form>
  );
}
