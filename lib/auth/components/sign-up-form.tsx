'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { SignUpInput } from '../schemas';
import { signUpAction } from '../../users/actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.signUpSchema));

export function SignUpForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<SignUpInput>({
    resolver,
    defaultValues: { name: '', email: '', password: '', confirmPassword: '' },
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => signUpAction(v),
    (data) => setSentTo(data.email),
  );
  const e = form.formState.errors;
  if (sentTo) {
    // The same answer whether or not the address already has an account: the email says which.
    return (
      <div role="status">
        <h2 className="text-2xl font-bold mb-2">Check your email</h2>
        <p className="mb-3">
          We have sent a message to <strong>{sentTo}</strong>. Open the link in it to finish creating your account. The
          link works for 24 hours.
        </p>
        <p className="text-stone-700">
          Nothing there after a few minutes? Look in your spam or junk folder, or check the address and try again.
        </p>
      </div>
    );
  }
  const input = (name: keyof SignUpInput, type: string, autoComplete: string) => (
    <input
      id={name}
      type={type}
      autoComplete={autoComplete}
      className={inputClass(e[name])}
      aria-invalid={!!e[name]}
      aria-describedby={describedBy(name, name === 'password', e[name])}
      {...form.register(name)}
    />
  );
  return (
    <form method="post" onSubmit={submit} noValidate>
      {formError && <Alert title="We could not create your account">{formError}</Alert>}
      <Field id="name" label="Your name" error={e.name?.message}>
        {input('name', 'text', 'name')}
      </Field>
      <Field id="email" label="Email address" error={e.email?.message}>
        {input('email', 'email', 'email')}
      </Field>
      <Field
        id="password"
        label="Choose a password"
        hint="At least 10 characters. A few words together is easy to remember."
        error={e.password?.message}
      >
        {input('password', 'password', 'new-password')}
      </Field>
      <Field id="confirmPassword" label="Type the password again" error={e.confirmPassword?.message}>
        {input('confirmPassword', 'password', 'new-password')}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
