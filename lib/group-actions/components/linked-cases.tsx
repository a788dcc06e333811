'use client';

import { useState } from 'react';
import Link from '@/lib/ui/link';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { linkGroupCaseAction, unlinkGroupCaseAction } from '../actions';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert, EmptyState } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

type LinkedCase = { id: string; reference: string; name: string; branch: string | null };
const loadFormSchema = () => import('../schemas').then((m) => m.linkGroupCaseSchema.pick({ caseReference: true }));
type FormSchema = Awaited<ReturnType<typeof loadFormSchema>>;
const resolver = lazyZodResolver(loadFormSchema);

/** The members' cases linked to the group action (for a caseworker: only theirs). Coordinators link and unlink. */
export function LinkedCases({
  groupActionId,
  cases,
  canManage,
}: {
  groupActionId: string;
  cases: LinkedCase[];
  canManage: boolean;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const form = useForm<z.input<FormSchema>, unknown, z.output<FormSchema>>({
    resolver,
    defaultValues: { caseReference: '' },
  });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    (v: z.output<FormSchema>) => {
      setMessage(null); // an earlier confirmation is not about this attempt
      return linkGroupCaseAction({ groupActionId, ...v });
    },
    () => {
      form.reset();
      setMessage({ kind: 'success', text: 'Case linked. The group’s events are now on its timeline.' });
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <section aria-labelledby="linked-cases-heading">
      <h2 id="linked-cases-heading" className="text-2xl font-bold mb-2">
        {canManage ? 'Members’ cases linked' : 'Your cases linked'}
      </h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {cases.length === 0 ? (
        <EmptyState title="No cases linked yet">
          {canManage && <p>Link each affected member’s own case below, by its reference.</p>}
        </EmptyState>
      ) : (
        <ul className="grid gap-2 mb-4">
          {cases.map((c) => (
            <li
              key={c.id}
              className="bg-white rounded-lg border border-stone-300 p-3 flex flex-wrap items-center gap-3 justify-between"
            >
              <span>
                <Link href={`/cases/${c.reference}`}>{c.reference}</Link> – {c.name}
                {c.branch ? ` (${c.branch})` : ''}
              </span>
              {canManage && (
                <Button
                  variant="secondary"
                  aria-label={`Unlink ${c.reference}`}
                  onClick={async () => {
                    if (!window.confirm(`Unlink ${c.reference}? The group’s events will be removed from its timeline.`))
                      return;
                    const res = await unlinkGroupCaseAction({ groupActionId, caseId: c.id });
                    setMessage(
                      res.ok
                        ? { kind: 'success', text: `${c.reference} unlinked.` }
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
      {canManage && (
        <form
          method="post"
          onSubmit={submit}
          noValidate
          className="bg-white rounded-lg border border-stone-300 p-4 flex flex-wrap items-end gap-3"
        >
          {formError && (
            <div className="w-full">
              <Alert title="Not linked">{formError}</Alert>
            </div>
          )}
          <div className="grow">
            <Field
              id="link-case-reference"
              label="Link a member’s case"
              hint="Its reference, for example RS-2026-0042."
              error={e.caseReference?.message}
            >
              <input
                id="link-case-reference"
                className={inputClass(e.caseReference)}
                aria-invalid={!!e.caseReference}
                aria-describedby={describedBy('link-case-reference', true, e.caseReference)}
                {...form.register('caseReference')}
              />
            </Field>
          </div>
          <div className="mb-4">
            <Button type="submit" disabled={pending}>
              {pending ? 'Linking…' : 'Link the case'}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
