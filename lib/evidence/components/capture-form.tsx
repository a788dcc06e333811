'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { z } from 'zod';
import type { captureEvidenceSchema, CaptureEvidenceInput } from '../schemas';
import { captureEvidenceAction } from '../actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { PartialDateField } from '../../ui/partial-date-field';
import { useActionSubmit } from '../../ui/use-action-form';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.captureEvidenceSchema));

/** A post or page kept as text when there is no file: its address, its words and when it was seen. */
export function CaptureForm({ caseId, canMarkCaseworkersOnly }: { caseId: string; canMarkCaseworkersOnly: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<CaptureEvidenceInput, unknown, z.output<typeof captureEvidenceSchema>>({
    resolver,
    defaultValues: {
      caseId,
      url: '',
      text: '',
      title: '',
      kind: 'SOCIAL_POST',
      caseworkersOnly: false,
      privileged: false,
      withoutPrejudice: false,
    },
  });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    (v: z.output<typeof captureEvidenceSchema>) => captureEvidenceAction(v),
    (data: { exhibitNumber: number }) => {
      setSaved(`Saved as exhibit E${data.exhibitNumber}.`);
      form.reset();
      setOpen(false);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  if (!open) {
    return (
      <div className="mb-8">
        {saved && <Alert kind="success">{saved}</Alert>}
        <Button
          variant="secondary"
          onClick={() => {
            setOpen(true);
            setSaved(null);
          }}
        >
          Save a post or web page without a file
        </Button>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate className="mb-8 rounded-lg border border-stone-300 bg-white p-4">
      <h3 className="text-xl font-bold mb-3">Save a post or web page</h3>
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field
        id="cap-url"
        label="Web address"
        hint="Copy it from the address bar, or from “Share → Copy link”."
        error={e.url?.message}
      >
        <input
          id="cap-url"
          type="url"
          className={inputClass(e.url)}
          aria-invalid={!!e.url}
          aria-describedby={describedBy('cap-url', true, e.url)}
          {...registerWithValue(form, 'url')}
        />
      </Field>
      <Field id="cap-title" label="Short title" error={e.title?.message}>
        <input
          id="cap-title"
          className={inputClass(e.title)}
          aria-invalid={!!e.title}
          {...registerWithValue(form, 'title')}
        />
      </Field>
      <Field id="cap-kind" label="What is it?" error={e.kind?.message}>
        <select id="cap-kind" className={inputClass(e.kind)} {...registerWithValue(form, 'kind')}>
          <option value="SOCIAL_POST">A social-media post</option>
          <option value="WEB_PAGE">A web page</option>
        </select>
      </Field>
      <Field
        id="cap-text"
        label="The words of the post or page"
        hint="Paste them exactly, including the name it was posted under."
        error={e.text?.message}
      >
        <textarea
          id="cap-text"
          rows={6}
          className={inputClass(e.text)}
          aria-invalid={!!e.text}
          aria-describedby={describedBy('cap-text', true, e.text)}
          {...registerWithValue(form, 'text')}
        />
      </Field>
      <PartialDateField form={form} name="seenOn" legend="When did you see it?" />
      {canMarkCaseworkersOnly && (
        <label className="flex items-start gap-3 mb-4 cursor-pointer">
          <input type="checkbox" className="size-6 mt-1" {...form.register('caseworkersOnly')} />
          <span>
            <strong>Caseworkers only.</strong>
          </span>
        </label>
      )}
      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save it'}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
