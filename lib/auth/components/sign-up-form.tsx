'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { signUpSchema, type SignUpInput } from '../schemas';
import { signUpAction } from '../../users/actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

export function SignUpForm() {
  const router = useRouter();
  const form = useForm<SignUpInput>({ resolver: zodResolver(signUpSchema), defaultValues: { name: '', email: '', password: '', confirmPassword: '' } });
  const { submit, formError, pending } = useActionSubmit(form, (v) => signUpAction(v), async () => {
    const { email, password } = form.getValues();
    const res = await signIn('credentials', { redirect: false, email, password });
    router.push(res && !res.error ? '/cases/new' : '/login?created=1');
    router.refresh();
  });
  const e = form.formState.errors;
  const input = (name: keyof SignUpInput, type: string, autoComplete: string) => (
    <input id={name} type={type} autoComplete={autoComplete} className={inputClass(e[name])} aria-invalid={!!e[name]}
      aria-describedby={describedBy(name, name === 'password', e[name])} {...form.register(name)} />
  );
  return (
    <form onSubmit={submit} noValidate>
      {formError && <Alert title="We could not create your account">{formError}</Alert>}
      <Field id="name" label="Your name" error={e.name?.message}>{input('name', 'text', 'name')}</Field>
      <Field id="email" label="Email address" error={e.email?.message}>{input('email', 'email', 'email')}</Field>
      <Field id="password" label="Choose a password" hint="At least 10 characters. A few words together is easy to remember." error={e.password?.message}>{input('password', 'password', 'new-password')}</Field>
      <Field id="confirmPassword" label="Type the password again" error={e.confirmPassword?.message}>{input('confirmPassword', 'password', 'new-password')}</Field>
      <Button type="submit" disabled={pending}>{pending ? 'Creating your account…' : 'Create account'}</Button>
    </form>
  );
}
