'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { extendAccessRequestAction, releaseAccessRequestAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { useActionSubmit } from '../../ui/use-action-form';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.releaseAccessRequestSchema));

/** The covering letter (from the template, editable) and the release itself. */
export function ReleaseForm({
  requestId,
  letter,
  undecided,
}: {
  requestId: string;
  letter: string;
  undecided: number;
}) {
  const router = useRouter();
  const form = useForm<{ requestId: string; coveringLetter: string }>({
    resolver,
    defaultValues: { requestId, coveringLetter: letter },
  });
  const { submit, formError, pending } = useActionSubmit(form, releaseAccessRequestAction, () => router.refresh());
  const e = form.formState.errors;
  return (
    <form method="post" onSubmit={submit} noValidate aria-label="Release the response">
      {formError && <Alert title="Not released">{formError}</Alert>}
      {undecided > 0 && (
        <Alert title="Decisions needed">
          {undecided === 1
            ? '1 item the person cannot see yet has no decision.'
            : `${undecided} items the person cannot see yet have no decision.`}{' '}
          Each is marked “Decide” below.
        </Alert>
      )}
      <Field
        id="ar-letter"
        label="Covering letter"
        hint="Filled in from the template; change anything before you release."
        error={e.coveringLetter?.message}
      >
        <textarea
          id="ar-letter"
          rows={14}
          className={inputClass(e.coveringLetter)}
          aria-invalid={!!e.coveringLetter}
          aria-describedby={describedBy('ar-letter', true, e.coveringLetter)}
          {...registerWithValue(form, 'coveringLetter')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Making the PDF…' : 'Release the response'}
      </Button>
    </form>
  );
}

/** "We are extending this request" (complex or numerous requests): three months from receipt. */
export function ExtendButton({ requestId }: { requestId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div>
      {error && <Alert title="Not extended">{error}</Alert>}
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          try {
            const r = await extendAccessRequestAction({ requestId });
            if (r.ok) router.refresh();
            else setError(r.error);
          } catch {
            setError('We could not reach the server. Check your connection and try again.');
          } finally {
            setPending(false);
          }
        }}
      >
        {pending ? 'Extending…' : 'Extend by two months'}
      </Button>
    </div>
  );
}
