'use client';

import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { useRouter } from 'next/navigation';
import type { AcceptInviteInput } from '../schemas';
import { acceptInviteAction } from '../../users/actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { signInWithPassword } from './finish-sign-in';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.acceptInviteSchema));

export function AcceptInviteForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const form = useForm<AcceptInviteInput>({ resolver, defaultValues: { token, password: '', confirmPassword: '' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => acceptInviteAction(v),
    async () => {
      const problem = await signInWithPassword(email, form.getValues('password'));
      router.push(problem ? '/login' : '/cases');
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <form method="post" onSubmit={submit} noValidate>
      {formError && <Alert title="We could not set your password">{formError}</Alert>}
      <p className="mb-4">
        Your account will use <strong>{email}</strong>.
      </p>
      <Field id="password" label="Choose a password" hint="At least 10 characters." error={e.password?.message}>
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
      <Field id="confirmPassword" label="Type the password again" error={e.confirmPassword?.message}>
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
        {pending ? 'Setting your password…' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
