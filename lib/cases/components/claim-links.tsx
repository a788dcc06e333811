'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import type { createClaimLinkSchema } from '../details-schemas';
import { createClaimLinkAction, revokeClaimLinkAction } from '../details-actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../details-schemas').then((m) => m.createClaimLinkSchema));

type Values = z.input<typeof createClaimLinkSchema>;

/** Makes a claim link: shown once here (to read out or send), and emailed when an address is given. */
export function MakeClaimLink({ caseId, email, days }: { caseId: string; email: string | null; days: number }) {
  const router = useRouter();
  const [made, setMade] = useState<{ link: string; emailed: string | null } | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useForm<Values>({ resolver, defaultValues: { caseId, email: email ?? '' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => createClaimLinkAction(v),
    (data) => {
      setMade({ link: data.link, emailed: data.emailed ? (form.getValues('email') ?? null) : null });
      setCopied(false);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <div>
      {made && (
        <div className="mb-6 rounded-lg border-2 border-brand-600 bg-brand-50 p-4" role="status">
          <h3 className="text-lg font-bold mb-2">The link is ready</h3>
          <p className="mb-2">
            {made.emailed ? (
              <>
                We have emailed it to <strong>{made.emailed}</strong>.{' '}
              </>
            ) : null}
            Read it out or send it to the member. It works once, for {days} days, and is not shown again after you leave
            this page.
          </p>
          <p className="mb-3 break-all rounded border border-stone-400 bg-white p-3 font-mono" data-testid="claim-link">
            {made.link}
          </p>
          <Button
            type="button"
            variant="secondary"
            onClick={async () => {
              await navigator.clipboard?.writeText(made.link).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? 'Copied' : 'Copy the link'}
          </Button>
        </div>
      )}
      <form method="post" onSubmit={submit} noValidate>
        {formError && <Alert title="No link was made">{formError}</Alert>}
        <Field
          id="email"
          label="Email it to"
          optional
          hint="Leave blank to read the link out or send it another way."
          error={e.email?.message}
        >
          <input
            id="email"
            type="email"
            className={inputClass(e.email)}
            aria-invalid={!!e.email}
            aria-describedby={describedBy('email', true, e.email)}
            {...form.register('email')}
          />
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? 'Making the link…' : made ? 'Make a new link (the last one stops working)' : 'Make a link'}
        </Button>
      </form>
    </div>
  );
}

/** Turns off an unused link. */
export function RevokeClaimLink({ claimId }: { claimId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div>
      {error && (
        <p role="alert" className="text-red-800 font-semibold">
          {error}
        </p>
      )}
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const res = await revokeClaimLinkAction({ claimId }).catch(() => null);
          setPending(false);
          if (!res) return setError('We could not reach the server. Try again.');
          if (!res.ok) return setError(res.error);
          router.refresh();
        }}
      >
        {pending ? 'Turning off…' : 'Turn off this link'}
      </Button>
    </div>
  );
}
