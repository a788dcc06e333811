'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { previewLetterAction, saveLetterAction, saveLetterDraftAction } from '../actions';
import type { LetterDraftData } from '../draft-schemas';
import { formatSavedAt } from './saved-at';
import type { letterReviewSchema } from '../schemas';
import type { LetterDocument, LetterField } from '../types';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { applyServerErrors, useActionSubmit } from '../../ui/use-action-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { registerWithValue, ssrChecked } from '../../ui/ssr-default';

type Target = { caseId: string; templateKey: string; parentLetterId?: string; deadlineId?: string };
type DetailsValues = { values: Record<string, string>; rememberAddress: boolean };
type Doc = Omit<LetterDocument, 'date' | 'reference'>;
const DOC_KEYS = [
  'senderName',
  'senderAddress',
  'recipientName',
  'recipientAddress',
  'subject',
  'body',
  'signatureName',
] as const;
type ReviewValues = z.input<typeof letterReviewSchema>;
const reviewResolver = lazyZodResolver(() => import('../schemas').then((m) => m.letterReviewSchema));

/**
 * Draft → review → save. Step 1 shows every field, filled from the case where we could, with the
 * missing ones listed by name; step 2 is the whole letter as editable text, downloadable as a PDF or
 * Word file; saving files it on the case as sent. Going back keeps everything typed in both steps.
 * "Save draft" (on either step) keeps the form as typed to come back to from the Letters tab; a letter
 * saved as sent from a draft removes the draft. When the member's address is not stored yet, the
 * address typed can be remembered on their record ("Remember this address"), so it is typed only once.
 */
export function LetterDraft(props: {
  target: Target;
  reference: string;
  title: string;
  fields: LetterField[];
  values: Record<string, string>;
  missing: string[];
  today: string;
  eventType: string;
  replyWindowDays: number | null;
  person: { version: number; hasAddress: boolean };
  draft: { id: string; version: number; savedAt: string; data: LetterDraftData } | null;
}) {
  const router = useRouter();
  const saved = props.draft?.data;
  const [doc, setDoc] = useState<Doc | null>(
    saved?.step === 'review' && saved.document ? fullDoc(saved.document) : null,
  );
  const [draftRef, setDraftRef] = useState(props.draft ? { id: props.draft.id, version: props.draft.version } : null);
  const [draftNote, setDraftNote] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [savingDraft, setSavingDraft] = useState(false);
  const [addressStored, setAddressStored] = useState(props.person.hasAddress);
  const addressField = props.fields.find((f) => f.source === 'member.address') ?? null;
  const details = useForm<DetailsValues>({
    defaultValues: { values: props.values, rememberAddress: saved?.rememberAddress ?? true },
  });
  const review = useForm<ReviewValues>({
    resolver: reviewResolver,
    defaultValues: {
      sentOn: saved?.sentOn || props.today,
      receivedOn: saved?.receivedOn ?? '',
      ...(saved?.step === 'review' && saved.document ? { document: fullDoc(saved.document) } : {}),
    },
  });
  // The member's address to remember, when none is stored and the box is ticked.
  const addressToRemember = () =>
    !addressStored && addressField && details.getValues('rememberAddress')
      ? (details.getValues(`values.${addressField.name}`) ?? '').trim()
      : '';

  const saveDraft = async () => {
    setSavingDraft(true);
    setDraftNote(null);
    const data: LetterDraftData = {
      step: doc ? 'review' : 'details',
      values: details.getValues('values'),
      rememberAddress: details.getValues('rememberAddress'),
      ...(doc
        ? {
            document: review.getValues('document'),
            sentOn: review.getValues('sentOn'),
            receivedOn: String(review.getValues('receivedOn') ?? ''),
          }
        : {}),
    };
    try {
      const res = await saveLetterDraftAction({
        ...props.target,
        ...(draftRef ? { draftId: draftRef.id, version: draftRef.version } : {}),
        personVersion: props.person.version,
        data,
      });
      if (res.ok) {
        setDraftRef({ id: res.data.id, version: res.data.version });
        if (res.data.addressStored) setAddressStored(true);
        setDraftNote({
          kind: 'success',
          text: `Draft saved ${formatSavedAt(res.data.savedAt)}. You can come back to it from the Letters tab of the case.${res.data.addressStored ? ' The address is now stored on the member’s record.' : ''}`,
        });
        window.history.replaceState(null, '', `/cases/${props.reference}/letters/new?draft=${res.data.id}`);
      } else {
        setDraftNote({ kind: 'error', text: res.error });
      }
    } catch {
      setDraftNote({
        kind: 'error',
        text: 'We could not reach the server. Check your connection; your letter is still here.',
      });
    } finally {
      setSavingDraft(false);
    }
  };
  // "Save draft" sits beside the step's main button; what happened is said right under them, where the person is looking.
  const draftButton = (
    <Button type="button" variant="secondary" onClick={saveDraft} disabled={savingDraft}>
      {savingDraft ? 'Saving the draft…' : 'Save draft'}
    </Button>
  );
  const draftNotes = (
    <div className="mt-2">
      <p className="text-sm text-stone-700 mb-2">
        “Save draft” keeps everything typed so far, to finish later. Nothing is sent or filed.
      </p>
      {draftNote && (
        <Alert kind={draftNote.kind} title={draftNote.kind === 'error' ? 'Draft not saved' : undefined}>
          {draftNote.text}
        </Alert>
      )}
    </div>
  );
  const resumed = props.draft && (
    <Alert kind="info">
      You are continuing a draft saved {formatSavedAt(props.draft.savedAt)}. Everything typed in it is below.
    </Alert>
  );
  const sar = props.eventType === 'SAR_SENT';
  const {
    submit: fill,
    formError: fillError,
    pending: filling,
  } = useActionSubmit(
    details,
    (v) => previewLetterAction({ ...props.target, values: v.values }),
    (filled) => {
      const rest = { ...filled } as Partial<LetterDocument>;
      delete rest.date;
      delete rest.reference;
      setDoc(rest as Omit<LetterDocument, 'date' | 'reference'>);
      review.reset({
        sentOn: review.getValues('sentOn') || props.today,
        receivedOn: review.getValues('receivedOn') ?? '',
        document: rest as Omit<LetterDocument, 'date' | 'reference'>,
      });
      window.scrollTo(0, 0);
    },
  );
  const {
    submit: save,
    formError: saveError,
    pending: saving,
  } = useActionSubmit(
    review,
    (v) => {
      const memberAddress = addressToRemember();
      return saveLetterAction({
        ...props.target,
        sentOn: v.sentOn,
        ...(sar && v.receivedOn ? { receivedOn: v.receivedOn } : {}),
        document: v.document,
        ...(draftRef ? { draftId: draftRef.id, draftVersion: draftRef.version } : {}),
        ...(memberAddress ? { memberAddress, personVersion: props.person.version } : {}),
      });
    },
    (saved) => router.push(`/cases/${saved.reference}?tab=letters&saved=${saved.id}`),
  );
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  const download = async (format: 'pdf' | 'docx') => {
    setDownloadError(null);
    const valid = await review.trigger('document');
    if (!valid) return;
    setDownloading(format);
    try {
      const res = await fetch('/api/letters/draft', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...props.target, format, document: review.getValues('document') }),
      });
      if (!res.ok) {
        const err = (await res.json().catch(() => null)) as {
          error?: string;
          fieldErrors?: Record<string, string>;
        } | null;
        applyServerErrors(
          review,
          Object.fromEntries(
            Object.entries(err?.fieldErrors ?? {}).map(([k, m]) => [
              k.startsWith('document.') ? k : `document.${k}`,
              m,
            ]),
          ),
        );
        setDownloadError(err?.error ?? 'The file could not be made. Please try again.');
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${props.reference} ${props.title} (draft).${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setDownloadError('We could not reach the server. Check your connection; your letter is still here.');
    } finally {
      setDownloading(null);
    }
  };

  const missing = props.fields.filter((f) => props.missing.includes(f.name));
  const de = details.formState.errors.values ?? {};
  const re = review.formState.errors;

  if (!doc) {
    return (
      <form method="post" onSubmit={fill} noValidate aria-labelledby="details-heading">
        <h2 id="details-heading" className="text-2xl font-bold mb-3">
          Step 1 of 2: check the details
        </h2>
        {resumed}
        {fillError && <Alert title="Not filled in yet">{fillError}</Alert>}
        {missing.length > 0 ? (
          <Alert
            kind="info"
            title={`We could not find ${missing.length === 1 ? 'one detail' : `${missing.length} details`} in the case`}
          >
            <p>Please fill {missing.length === 1 ? 'it' : 'them'} in below:</p>
            <ul className="list-disc ml-6">
              {missing.map((f) => (
                <li key={f.name}>
                  <a href={`#field-${f.name}`}>{f.label}</a>
                </li>
              ))}
            </ul>
          </Alert>
        ) : (
          <p className="mb-4">We filled these in from the case. Change anything that is not right.</p>
        )}
        {props.fields.map((f) => {
          const id = `field-${f.name}`;
          const error = de[f.name]?.message;
          const common = {
            id,
            className: inputClass(error),
            'aria-invalid': !!error,
            'aria-describedby': describedBy(id, f.hint, error),
            ...registerWithValue(details, `values.${f.name}`),
          };
          return (
            <Field key={f.name} id={id} label={f.label} hint={f.hint} error={error} optional={!f.required}>
              {f.type === 'multiline' ? (
                <textarea rows={4} {...common} />
              ) : f.type === 'date' ? (
                <input type="date" {...common} className={`${common.className} max-w-52`} />
              ) : f.type === 'number' ? (
                <input inputMode="numeric" {...common} className={`${common.className} max-w-32`} />
              ) : (
                <input {...common} />
              )}
              {f === addressField && !addressStored && (
                <label className="flex items-start gap-3 mt-2">
                  <input
                    type="checkbox"
                    className="mt-1 h-5 w-5"
                    {...ssrChecked(details, 'rememberAddress')}
                    {...details.register('rememberAddress')}
                  />
                  <span>
                    Remember this address for the member’s future letters{' '}
                    <span className="block text-sm text-stone-700">
                      It is stored on their record when you save a draft or save the letter as sent, so nobody has to
                      type it again.
                    </span>
                  </span>
                </label>
              )}
            </Field>
          );
        })}
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={filling}>
            {filling ? 'Filling in…' : 'Fill in the letter'}
          </Button>
          {draftButton}
        </div>
        {draftNotes}
      </form>
    );
  }

  const r = (name: keyof LetterDocument) => `letter-${name}`;
  const docError = (name: keyof Omit<LetterDocument, 'date' | 'reference'>) => re.document?.[name]?.message;
  return (
    <form method="post" onSubmit={save} noValidate aria-labelledby="review-heading">
      <h2 id="review-heading" className="text-2xl font-bold mb-3">
        Step 2 of 2: read and edit the letter
      </h2>
      <p className="mb-4">
        This is the whole letter. Change any words you like. When you send it, save it here so it is kept with your
        case.
      </p>
      {resumed}
      {saveError && <Alert title="Not saved">{saveError}</Alert>}
      {downloadError && <Alert title="No file made">{downloadError}</Alert>}
      <div className="grid gap-x-6 md:grid-cols-2">
        <Field id={r('senderName')} label="From" error={docError('senderName')}>
          <input
            id={r('senderName')}
            className={inputClass(docError('senderName'))}
            {...registerWithValue(review, 'document.senderName')}
          />
        </Field>
        <Field id={r('recipientName')} label="To" error={docError('recipientName')}>
          <input
            id={r('recipientName')}
            className={inputClass(docError('recipientName'))}
            {...registerWithValue(review, 'document.recipientName')}
          />
        </Field>
        <Field id={r('senderAddress')} label="Your address" error={docError('senderAddress')}>
          <textarea
            id={r('senderAddress')}
            rows={4}
            className={inputClass(docError('senderAddress'))}
            {...registerWithValue(review, 'document.senderAddress')}
          />
        </Field>
        <Field id={r('recipientAddress')} label="Their address" error={docError('recipientAddress')}>
          <textarea
            id={r('recipientAddress')}
            rows={4}
            className={inputClass(docError('recipientAddress'))}
            {...registerWithValue(review, 'document.recipientAddress')}
          />
        </Field>
      </div>
      <Field id={r('subject')} label="Subject line" error={docError('subject')}>
        <input
          id={r('subject')}
          className={inputClass(docError('subject'))}
          {...registerWithValue(review, 'document.subject')}
        />
      </Field>
      <Field id={r('body')} label="The letter" error={docError('body')}>
        <textarea
          id={r('body')}
          rows={18}
          className={`${inputClass(docError('body'))} font-serif leading-relaxed`}
          {...registerWithValue(review, 'document.body')}
        />
      </Field>
      <Field id={r('signatureName')} label="Signed" error={docError('signatureName')}>
        <input
          id={r('signatureName')}
          className={inputClass(docError('signatureName'))}
          {...registerWithValue(review, 'document.signatureName')}
        />
      </Field>
      <div className="flex flex-wrap gap-3 mb-6">
        <Button type="button" variant="secondary" onClick={() => download('pdf')} disabled={!!downloading}>
          {downloading === 'pdf' ? 'Making the PDF…' : 'Download as PDF'}
        </Button>
        <Button type="button" variant="secondary" onClick={() => download('docx')} disabled={!!downloading}>
          {downloading === 'docx' ? 'Making the Word file…' : 'Download as Word (DOCX)'}
        </Button>
      </div>
      <fieldset className="rounded-lg border-2 border-stone-300 bg-white p-4">
        <legend className="px-1 font-bold">Save it to the case as sent</legend>
        <Field
          id="sentOn"
          label="Date sent"
          hint={sentHint(props.eventType, props.replyWindowDays)}
          error={re.sentOn?.message}
        >
          <input
            id="sentOn"
            type="date"
            className={`${inputClass(re.sentOn)} max-w-52`}
            aria-invalid={!!re.sentOn}
            aria-describedby={describedBy('sentOn', true, re.sentOn)}
            {...registerWithValue(review, 'sentOn')}
          />
        </Field>
        {sar && (
          <Field
            id="receivedOn"
            label="Date the party received it"
            optional
            error={re.receivedOn?.message}
            hint="If you know it, for example from a recorded-delivery receipt or an email reply. Leave it blank if you do not know yet: you can add it to the timeline entry later. The month they have to reply is counted from this day."
          >
            <input
              id="receivedOn"
              type="date"
              className={`${inputClass(re.receivedOn)} max-w-52`}
              aria-invalid={!!re.receivedOn}
              aria-describedby={describedBy('receivedOn', true, re.receivedOn)}
              {...registerWithValue(review, 'receivedOn')}
            />
          </Field>
        )}
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save as sent'}
          </Button>
          {draftButton}
          <Button type="button" variant="secondary" onClick={() => setDoc(null)}>
            Back to the details
          </Button>
        </div>
        {draftNotes}
      </fieldset>
    </form>
  );
}

/** A saved draft's letter with every part present ('' for any not typed yet). */
function fullDoc(d: Partial<Doc>): Doc {
  return Object.fromEntries(DOC_KEYS.map((k) => [k, d[k] ?? ''])) as Doc;
}

/** What saving this letter does to the case's deadlines, in plain words under "Date sent". */
function sentHint(eventType: string, replyWindowDays: number | null): string {
  if (eventType === 'SAR_SENT') return 'They have one calendar month to reply, counted from the day they receive it.';
  if (eventType === 'APPEAL_LODGED')
    return 'Saving it records on the timeline that the appeal was lodged on this day, which meets the deadline to appeal.';
  if (replyWindowDays)
    return `The letter asks for a reply within ${replyWindowDays} days. Saving it starts that deadline from this day.`;
  return 'The day you post or email it.';
}
