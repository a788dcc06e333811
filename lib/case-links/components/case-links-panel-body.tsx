'use client';

import { useState } from 'react';
import Link from '@/lib/ui/link';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { z } from 'zod';
import { linkCasesAction, unlinkCasesAction } from '../actions';
import type { linkFormSchema, LinkFormInput } from '../schemas';
import { CASE_RELATION_LABELS } from '../../cases/labels';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import type { CaseRelation } from '../../db/generated/enums';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.linkFormSchema));

export type LinkItem = {
  id: string;
  relation: CaseRelation;
  note: string | null;
  other: { reference: string; name: string };
};

/** Related cases the reader may open. Staff link another case by its reference, with the relation named. */
export function CaseLinksPanel({ caseId, links, canLink }: { caseId: string; links: LinkItem[]; canLink: boolean }) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // A member with no related case they may open sees nothing here at all.
  if (!canLink && links.length === 0) return null;
  return (
    <section aria-labelledby="links-heading">
      <h2 id="links-heading" className="text-xl font-bold mb-2">
        Related cases
      </h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {links.length === 0 ? (
        <p className="mb-3">
          No related case is linked. Link one when people were sanctioned together, or the same person again.
        </p>
      ) : (
        <ul className="grid gap-2 mb-3">
          {links.map((l) => (
            <li key={l.id} className="bg-white rounded-lg border border-stone-300 p-3">
              <p>
                <strong>{CASE_RELATION_LABELS[l.relation]}:</strong>{' '}
                <Link href={`/cases/${l.other.reference}`}>{l.other.reference}</Link> – {l.other.name}
              </p>
              {l.note && (
                <p className="text-sm mt-1 whitespace-pre-wrap">
                  <span className="font-semibold">Note (caseworkers only):</span> {l.note}
                </p>
              )}
              {canLink && (
                <Button
                  variant="secondary"
                  className="mt-2"
                  aria-label={`Unlink ${l.other.reference}`}
                  onClick={async () => {
                    if (
                      !window.confirm(`Unlink ${l.other.reference} from this case? Neither case is changed otherwise.`)
                    )
                      return;
                    const res = await unlinkCasesAction({ linkId: l.id });
                    setMessage(
                      res.ok
                        ? { kind: 'success', text: 'The cases are no longer linked.' }
                        : { kind: 'error', text: res.error },
                    );
                    router.refresh();
                  }}
                >
                  Unlink
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canLink && !adding && (
        <Button
          variant="secondary"
          onClick={() => {
            setAdding(true);
            setMessage(null);
          }}
        >
          Link another case
        </Button>
      )}
      {canLink && adding && (
        <LinkForm
          caseId={caseId}
          onDone={() => {
            setAdding(false);
            setMessage({ kind: 'success', text: 'Cases linked.' });
            router.refresh();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </section>
  );
}

function LinkForm({ caseId, onDone, onCancel }: { caseId: string; onDone: () => void; onCancel: () => void }) {
  const form = useForm<LinkFormInput, unknown, z.output<typeof linkFormSchema>>({
    resolver,
    defaultValues: { otherReference: '', note: '' },
  });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    (v: z.output<typeof linkFormSchema>) => linkCasesAction({ caseId, ...v }),
    onDone,
  );
  const e = form.formState.errors;
  return (
    <form method="post" onSubmit={submit} noValidate className="bg-white rounded-lg border border-stone-300 p-4">
      {formError && <Alert title="Not linked">{formError}</Alert>}
      <Field
        id="link-other"
        label="The other case’s reference"
        hint="For example RS-2026-0042."
        error={e.otherReference?.message}
      >
        <input
          id="link-other"
          className={inputClass(e.otherReference)}
          aria-invalid={!!e.otherReference}
          aria-describedby={describedBy('link-other', true, e.otherReference)}
          {...form.register('otherReference')}
        />
      </Field>
      <Field id="link-relation" label="How are they related?" error={e.relation?.message}>
        <select
          id="link-relation"
          className={inputClass(e.relation)}
          aria-invalid={!!e.relation}
          aria-describedby={describedBy('link-relation', false, e.relation)}
          {...form.register('relation')}
        >
          <option value="">Choose…</option>
          {Object.entries(CASE_RELATION_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <Field id="link-note" label="Note (caseworkers only)" optional error={e.note?.message}>
        <textarea id="link-note" rows={2} className={inputClass(e.note)} {...form.register('note')} />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Linking…' : 'Link the cases'}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
