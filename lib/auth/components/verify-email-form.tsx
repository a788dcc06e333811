'use client';

import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { useRouter } from 'next/navigation';
import type { ConfirmSignUpInput } from '../schemas';
import { confirmSignUpAction } from '../../users/actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { signInWithPassword } from './finish-sign-in';
import { pendingClaimPath } from '../../cases/components/pending-claim';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.confirmSignUpSchema));

/** The link from the sign-up email: the password chosen then confirms it is the same person, and signs them in. */
export function VerifyEmailForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const form = useForm<ConfirmSignUpInput>({ resolver, defaultValues: { token, password: '' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => confirmSignUpAction(v),
    async () => {
      const problem = await signInWithPassword(email, form.getValues('password'));
      // A new member who came from a claim link goes back to it; anyone else starts their case.
      router.push(problem ? '/login?created=1' : (pendingClaimPath() ?? '/cases/new'));
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <form method="post" onSubmit={submit} noValidate>
      {formError && <Alert title="We could not finish creating your account">{formError}</Alert>}
      <p className="mb-4">
        Your account will use <strong>{email}</strong>.
      </p>
      <Field
        id="password"
        label="The password you chose"
        hint="The one you typed when you signed up."
        error={e.password?.message}
      >
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          className={inputClass(e.password)}
          aria-invalid={!!e.password}
          aria-describedby={describedBy('password', true, e.password)}
          {...form.register('password')}
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Finishing…' : 'Confirm and continue'}
      </Button>
    </form>
  );
}
