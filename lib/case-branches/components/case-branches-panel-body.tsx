'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { z } from 'zod';
import { addCaseBranchAction, removeCaseBranchAction } from '../actions';
import type { caseBranchFormSchema } from '../schemas';
import { formatPartialDate } from '../../dates/partial-date';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import type { CaseBranchRow } from '../case-branch-services';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.caseBranchFormSchema));

const when = (d: string | null) => (d ? formatPartialDate(new Date(`${d}T00:00:00Z`), 'DAY') : null);

/** Staff: the branches the case belonged to over time. The case list's branch filter finds the case under each. */
export function CaseBranchesPanel({
  caseId,
  rows,
  branches,
}: {
  caseId: string;
  rows: CaseBranchRow[];
  branches: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const form = useForm<z.input<typeof caseBranchFormSchema>, unknown, z.output<typeof caseBranchFormSchema>>({
    resolver,
    defaultValues: { branchId: '', fromOn: '', untilOn: '' },
  });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    (v: z.output<typeof caseBranchFormSchema>) => addCaseBranchAction({ caseId, ...v }),
    () => {
      form.reset();
      setMessage({ kind: 'success', text: 'Branch added to the case’s history.' });
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <section aria-labelledby="case-branches-heading">
      <h2 id="case-branches-heading" className="text-xl font-bold mb-2">
        Branches over time
      </h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {rows.length === 0 ? (
        <p className="mb-3">Only the member’s current branch. Add earlier branches if they moved.</p>
      ) : (
        <ul className="grid gap-2 mb-3">
          {rows.map((r) => (
            <li
              key={r.id}
              className="flex flex-wrap items-center justify-between gap-2 bg-white rounded-lg border border-stone-300 p-3"
            >
              <span>
                <strong>{r.branch}</strong>
                {r.fromOn || r.untilOn
                  ? ` · ${when(r.fromOn) ?? 'start not known'} to ${when(r.untilOn) ?? 'now'}`
                  : ''}
              </span>
              <Button
                variant="secondary"
                aria-label={`Remove ${r.branch} from the case’s branches`}
                onClick={async () => {
                  const res = await removeCaseBranchAction({ caseBranchId: r.id });
                  setMessage(
                    res.ok ? { kind: 'success', text: `${r.branch} removed.` } : { kind: 'error', text: res.error },
                  );
                  router.refresh();
                }}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form method="post" onSubmit={submit} noValidate className="bg-white rounded-lg border border-stone-300 p-4">
        {formError && <Alert title="Not saved">{formError}</Alert>}
        <Field id="case-branch" label="Add a branch" error={e.branchId?.message}>
          <select
            id="case-branch"
            className={inputClass(e.branchId)}
            aria-invalid={!!e.branchId}
            aria-describedby={describedBy('case-branch', false, e.branchId)}
            {...form.register('branchId')}
          >
            <option value="">Choose…</option>
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="flex flex-wrap gap-3">
          <Field id="case-branch-from" label="From" optional error={e.fromOn?.message}>
            <input
              id="case-branch-from"
              type="date"
              className={`${inputClass(e.fromOn)} max-w-52`}
              aria-invalid={!!e.fromOn}
              aria-describedby={describedBy('case-branch-from', false, e.fromOn)}
              {...form.register('fromOn')}
            />
          </Field>
          <Field id="case-branch-until" label="Until" optional error={e.untilOn?.message}>
            <input
              id="case-branch-until"
              type="date"
              className={`${inputClass(e.untilOn)} max-w-52`}
              aria-invalid={!!e.untilOn}
              aria-describedby={describedBy('case-branch-until', false, e.untilOn)}
              {...form.register('untilOn')}
            />
          </Field>
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? 'Adding…' : 'Add the branch'}
        </Button>
      </form>
    </section>
  );
}
