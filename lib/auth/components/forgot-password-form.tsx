'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { ForgotPasswordInput } from '../schemas';
import { requestPasswordResetAction } from '../../users/actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.forgotPasswordSchema));

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<ForgotPasswordInput>({ resolver, defaultValues: { email: '' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => requestPasswordResetAction(v),
    (data) => setSentTo(data.email),
  );
  const e = form.formState.errors;
  if (sentTo) {
    return (
      <div role="status">
        <h2 className="text-2xl font-bold mb-2">Check your email</h2>
        <p className="mb-3">
          If <strong>{sentTo}</strong> belongs to an account, we have sent it a link to choose a new password. The link
          works once, for an hour.
        </p>
        <p className="text-stone-700">
          Nothing there after a few minutes? Look in your spam or junk folder, or ask your coordinator for help.
        </p>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={submit} noValidate>
      {formError && <Alert title="We could not send the link">{formError}</Alert>}
      <Field id="email" label="Email address" hint="The address you sign in with." error={e.email?.message}>
        <input
          id="email"
          type="email"
          autoComplete="email"
          className={inputClass(e.email)}
          aria-invalid={!!e.email}
          aria-describedby={describedBy('email', true, e.email)}
          {...form.register('email')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Sending…' : 'Send me a link'}
      </Button>
    </form>
  );
}
