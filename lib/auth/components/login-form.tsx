'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';

type Values = { email: string; password: string };

export function LoginForm({ notice }: { notice?: string }) {
  const router = useRouter();
  const form = useForm<Values>({ defaultValues: { email: '', password: '' } });
  const [error, setError] = useState<string | null>(null);
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    const res = await signIn('credentials', { redirect: false, email: values.email, password: values.password });
    if (!res || res.error) {
      setError(res?.error && res.error !== 'CredentialsSignin' ? res.error : 'That email and password do not match an account. Check them and try again.');
      return;
    }
    router.push('/cases');
    router.refresh();
  });
  return (
    <form onSubmit={submit} noValidate>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert title="We could not sign you in">{error}</Alert>}
      <Field id="email" label="Email address" error={errors.email?.message}>
        <input id="email" type="email" autoComplete="email" className={inputClass(errors.email)} aria-invalid={!!errors.email} aria-describedby={describedBy('email', false, errors.email)}
          {...form.register('email', { required: 'Enter your email address' })} />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <input id="password" type="password" autoComplete="current-password" className={inputClass(errors.password)} aria-invalid={!!errors.password} aria-describedby={describedBy('password', false, errors.password)}
          {...form.register('password', { required: 'Enter your password' })} />
      </Field>
      <Button type="submit" disabled={isSubmitting}>{isSubmitting ? 'Signing in…' : 'Sign in'}</Button>
    </form>
  );
}
