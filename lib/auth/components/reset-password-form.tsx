'use client';

import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { useRouter } from 'next/navigation';
import type { ResetPasswordInput } from '../schemas';
import { resetPasswordAction } from '../../users/actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.resetPasswordSchema));

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const form = useForm<ResetPasswordInput>({ resolver, defaultValues: { token, password: '', confirmPassword: '' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => resetPasswordAction(v),
    () => router.push('/login?reset=1'),
  );
  const e = form.formState.errors;
  return (
    <form method="post" onSubmit={submit} noValidate>
      {formError && <Alert title="Your password was not changed">{formError}</Alert>}
      <Field
        id="password"
        label="New password"
        hint="At least 10 characters. A few words together is easy to remember."
        error={e.password?.message}
      >
        <input
          id="password"
          type="password"
          autoComplete="new-password"
          className={inputClass(e.password)}
          aria-invalid={!!e.password}
          aria-describedby={describedBy('password', true, e.password)}
          {...form.register('password')}
        />
      </Field>
      <Field id="confirmPassword" label="Type the new password again" error={e.confirmPassword?.message}>
        <input
          id="confirmPassword"
          type="password"
          autoComplete="new-password"
          className={inputClass(e.confirmPassword)}
          aria-invalid={!!e.confirmPassword}
          aria-describedby={describedBy('confirmPassword', false, e.confirmPassword)}
          {...form.register('confirmPassword')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save new password'}
      </Button>
    </form>
  );
}
