'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import {
  linkEvidenceAction,
  purgeEvidenceAction,
  removeEvidenceAction,
  updateEvidenceAction,
  verifyEvidenceAction,
} from '../actions';
import type { EvidenceFieldsInput } from '../schemas';
import { EVIDENCE_KIND_LABELS } from '../kinds';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { PartialDateField } from '../../ui/partial-date-field';
import { useActionSubmit } from '../../ui/use-action-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { registerWithValue } from '../../ui/ssr-default';

const loadSchema = () => import('../schemas').then((m) => m.evidenceFieldsSchema.strict());
type Schema = Awaited<ReturnType<typeof loadSchema>>;
const resolver = lazyZodResolver(loadSchema);

type Props = {
  id: string;
  version: number;
  exhibit: string;
  title: string;
  defaults: EvidenceFieldsInput;
  canEdit: boolean;
  canPurge: boolean;
  canMarkCaseworkersOnly: boolean;
  events: { id: string; label: string }[];
  linkedEventIds: string[];
};

export function EvidenceItemActions(p: Props) {
  const router = useRouter();
  const [verify, setVerify] = useState<{ ok: boolean; text: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [linkChoice, setLinkChoice] = useState('');
  // An entry chosen while the page was still plain HTML (a slow phone) is in the list but not in state: taken
  // from the list once the page's code runs, so "Link" links what is shown.
  const linkSelect = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (linkSelect.current?.value) setLinkChoice(linkSelect.current.value);
  }, []);
  const run = async (promise: Promise<{ ok: boolean; error?: string }>) => {
    const res = await promise;
    if (!res.ok) setError(res.error ?? 'Not saved');
    else {
      setError(null);
      router.refresh();
    }
  };
  return (
    <div className="mt-3">
      {error && <Alert>{error}</Alert>}
      {verify && <Alert kind={verify.ok ? 'success' : 'error'}>{verify.text}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          aria-label={`Check fingerprint of ${p.exhibit}`}
          onClick={async () => {
            const res = await verifyEvidenceAction({ evidenceId: p.id });
            if (!res.ok) return setError(res.error);
            setVerify(
              res.data.match
                ? { ok: true, text: 'Fingerprint matches: the stored file is exactly what was filed.' }
                : {
                    ok: false,
                    text: `Fingerprint does NOT match. ${res.data.problem ?? `Stored ${res.data.stored}, now ${res.data.computed}.`}`,
                  },
            );
          }}
        >
          Check fingerprint
        </Button>
        {p.canEdit && (
          <Button variant="secondary" onClick={() => setEditing(!editing)} aria-label={`Describe ${p.exhibit}`}>
            Describe
          </Button>
        )}
        {p.canEdit && (
          <Button
            variant="secondary"
            aria-label={`Remove ${p.exhibit}`}
            onClick={() => {
              if (window.confirm(`Remove ${p.exhibit} “${p.title}” from the case?`))
                void run(removeEvidenceAction({ evidenceId: p.id, version: p.version }));
            }}
          >
            Remove
          </Button>
        )}
        {p.canPurge && (
          <Button
            variant="danger"
            aria-label={`Erase for good: ${p.exhibit}`}
            onClick={() => {
              if (
                window.confirm(
                  `Erase ${p.exhibit} for good? The file cannot be recovered. Use this for an erasure request.`,
                )
              )
                void run(purgeEvidenceAction({ evidenceId: p.id }));
            }}
          >
            Erase for good
          </Button>
        )}
      </div>
      {p.events.length > 0 && (
        <form
          method="post"
          className="flex flex-wrap items-end gap-2 mt-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (linkChoice)
              void run(
                linkEvidenceAction({
                  evidenceId: p.id,
                  eventId: linkChoice,
                  linked: !p.linkedEventIds.includes(linkChoice),
                }),
              );
          }}
        >
          <div>
            <label htmlFor={`link-${p.id}`} className="block font-semibold">
              Timeline entry
            </label>
            <select
              id={`link-${p.id}`}
              ref={linkSelect}
              value={linkChoice}
              onChange={(e) => setLinkChoice(e.target.value)}
              className={inputClass()}
            >
              <option value="">Choose…</option>
              {p.events.map((e) => (
                <option key={e.id} value={e.id}>
                  {p.linkedEventIds.includes(e.id) ? '✓ ' : ''}
                  {e.label}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary">
            {linkChoice && p.linkedEventIds.includes(linkChoice) ? 'Unlink' : 'Link'}
          </Button>
        </form>
      )}
      {editing && (
        <DescribeForm
          {...p}
          onDone={() => {
            setEditing(false);
            router.refresh();
          }}
        />
      )}
    </div>
  );
}

function DescribeForm(p: Props & { onDone: () => void }) {
  const form = useForm<EvidenceFieldsInput, unknown, z.output<Schema>>({ resolver, defaultValues: p.defaults });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    (v: z.output<Schema>) => updateEvidenceAction({ evidenceId: p.id, version: p.version, ...v }),
    p.onDone,
  );
  const e = form.formState.errors;
  const id = (n: string) => `ev-${p.id}-${n}`;
  const hasDate = !!useWatch({ control: form.control, name: 'date' });
  return (
    <form
      method="post"
      onSubmit={submit}
      noValidate
      className="mt-4 rounded-lg border border-stone-300 bg-stone-50 p-4"
    >
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field id={id('title')} label="Title" error={e.title?.message}>
        <input
          id={id('title')}
          className={inputClass(e.title)}
          aria-invalid={!!e.title}
          aria-describedby={describedBy(id('title'), false, e.title)}
          {...registerWithValue(form, 'title')}
        />
      </Field>
      <Field id={id('kind')} label="What is it?" error={e.kind?.message}>
        <select id={id('kind')} className={inputClass(e.kind)} {...registerWithValue(form, 'kind')}>
          {Object.entries(EVIDENCE_KIND_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      {hasDate ? (
        <PartialDateField form={form} name="date" legend="Date of the item" />
      ) : (
        <p className="mb-4">
          <button
            type="button"
            className="underline font-semibold min-h-11"
            onClick={() => form.setValue('date', { precision: 'DAY' } as never)}
          >
            Add the date of the item
          </button>
        </p>
      )}
      <Field
        id={id('source')}
        label="Where it came from"
        optional
        hint="Who sent it, or where you found it."
        error={e.source?.message}
      >
        <input id={id('source')} className={inputClass(e.source)} {...registerWithValue(form, 'source')} />
      </Field>
      <Field
        id={id('sourceUrl')}
        label="Web address"
        optional
        hint="For a post or web page."
        error={e.sourceUrl?.message}
      >
        <input
          id={id('sourceUrl')}
          type="url"
          className={inputClass(e.sourceUrl)}
          aria-invalid={!!e.sourceUrl}
          aria-describedby={describedBy(id('sourceUrl'), true, e.sourceUrl)}
          {...registerWithValue(form, 'sourceUrl')}
        />
      </Field>
      <label className="flex items-start gap-3 mb-3 cursor-pointer">
        <input type="checkbox" className="size-6 mt-1" {...form.register('privileged')} />
        <span>
          <strong>Privileged</strong>, for example advice from a lawyer. Kept out of anything sent to the party or a
          panel unless someone puts it in on purpose.
        </span>
      </label>
      <label className="flex items-start gap-3 mb-3 cursor-pointer">
        <input type="checkbox" className="size-6 mt-1" {...form.register('withoutPrejudice')} />
        <span>
          <strong>“Without prejudice”</strong>, for example an offer to settle. Kept out the same way.
        </span>
      </label>
      {p.canMarkCaseworkersOnly && (
        <label className="flex items-start gap-3 mb-4 cursor-pointer">
          <input type="checkbox" className="size-6 mt-1" {...form.register('caseworkersOnly')} />
          <span>
            <strong>Caseworkers only.</strong> The member will not see this item.
          </span>
        </label>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </Button>
    </form>
  );
}
