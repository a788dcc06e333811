'use client';

import { useState } from 'react';
import Link from '@/lib/ui/link';
import { useForm } from 'react-hook-form';
import { useRouter } from 'next/navigation';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { startSignInAction } from '../sign-in-actions';
import type { SecondFactorMethods } from '../messages';
import { finishSignIn } from './finish-sign-in';
import { SecondFactorForm } from './second-factor-form';
import { pendingClaimPath } from '../../cases/components/pending-claim';

type Values = { email: string; password: string };

/** Sign-in: email and password, then (when the account has one) the second factor, then the session. */
export function LoginForm({ notice }: { notice?: string }) {
  const router = useRouter();
  const form = useForm<Values>({ defaultValues: { email: '', password: '' } });
  const [error, setError] = useState<string | null>(null);
  const [second, setSecond] = useState<{ ticket: string; methods: SecondFactorMethods } | null>(null);
  const { errors, isSubmitting } = form.formState;

  const done = async (ticket: string) => {
    const problem = await finishSignIn(ticket);
    if (problem) {
      setSecond(null);
      setError(problem);
      return;
    }
    // Back to a claim link opened before signing in (issue 10), else the cases.
    router.push(pendingClaimPath() ?? '/cases');
    router.refresh();
  };

  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const res = await startSignInAction({ email: values.email, password: values.password });
      if (!res.ok) return setError(res.error);
      if (res.data.next === 'second-factor') return setSecond({ ticket: res.data.ticket, methods: res.data.methods });
      await done(res.data.ticket);
    } catch {
      setError('We could not reach the server. Check your connection and try again.');
    }
  });

  if (second) {
    return (
      <SecondFactorForm
        ticket={second.ticket}
        methods={second.methods}
        onReady={() => done(second.ticket)}
        onRestart={(message) => {
          setSecond(null);
          form.setValue('password', '');
          setError(message);
        }}
      />
    );
  }
  // method="post": a press before the page's script has loaded sends nothing in the address (no password in a URL).
  return (
    <form method="post" onSubmit={submit} noValidate>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert title="We could not sign you in">{error}</Alert>}
      <Field id="email" label="Email address" error={errors.email?.message}>
        <input
          id="email"
          type="email"
          autoComplete="email"
          className={inputClass(errors.email)}
          aria-invalid={!!errors.email}
          aria-describedby={describedBy('email', false, errors.email)}
          {...form.register('email', { required: 'Enter your email address' })}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          className={inputClass(errors.password)}
          aria-invalid={!!errors.password}
          aria-describedby={describedBy('password', false, errors.password)}
          {...form.register('password', { required: 'Enter your password' })}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </Button>
        <Link href="/forgot-password" className="py-3">
          Forgotten your password?
        </Link>
      </div>
    </form>
  );
}
