'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { InviteInput } from '../../auth/schemas';
import {
  inviteTeamMemberAction,
  resetSecondFactorAction,
  signOutEverywhereAction,
  updateTeamMemberAction,
} from '../actions';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { signOut } from '../../auth/components/auth-client';

const resolver = lazyZodResolver(() => import('../../auth/schemas').then((m) => m.inviteSchema));

export function InviteForm() {
  const router = useRouter();
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm<InviteInput>({ resolver, defaultValues: { name: '', email: '', role: 'CASEWORKER' } });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => inviteTeamMemberAction(v),
    (data) => {
      setSent(
        `Invitation sent to ${form.getValues('email')}${data.delivery === 'outbox' ? ' (no mail server is set up: the email was saved to the outbox folder on the server)' : ''}.`,
      );
      form.reset();
      router.refresh();
    },
  );
  const e = form.formState.errors;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setSent(null);
        return submit(ev);
      }}
      noValidate
      className="bg-white rounded-lg border border-stone-300 p-4"
    >
      {formError && <Alert title="Invitation not sent">{formError}</Alert>}
      {sent && <Alert kind="success">{sent}</Alert>}
      <Field id="invite-name" label="Their name" error={e.name?.message}>
        <input
          id="invite-name"
          className={inputClass(e.name)}
          aria-invalid={!!e.name}
          aria-describedby={describedBy('invite-name', false, e.name)}
          {...form.register('name')}
        />
      </Field>
      <Field id="invite-email" label="Their email address" error={e.email?.message}>
        <input
          id="invite-email"
          type="email"
          className={inputClass(e.email)}
          aria-invalid={!!e.email}
          aria-describedby={describedBy('invite-email', false, e.email)}
          {...form.register('email')}
        />
      </Field>
      <Field id="invite-role" label="Role" error={e.role?.message}>
        <select id="invite-role" className={inputClass(e.role)} {...form.register('role')}>
          <option value="CASEWORKER">Caseworker – works the cases assigned to them</option>
          <option value="COORDINATOR">Coordinator – sees all cases, assigns work, manages the team</option>
        </select>
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Sending…' : 'Send invitation'}
      </Button>
    </form>
  );
}

export function TeamMemberControls({
  userId,
  name,
  role,
  disabled,
}: {
  userId: string;
  name: string;
  role: string;
  disabled: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const run = async (patch: { role?: 'CASEWORKER' | 'COORDINATOR' | 'MEMBER'; disabled?: boolean }) => {
    const res = await updateTeamMemberAction({ userId, ...patch });
    if (!res.ok) setError(res.error);
    else {
      setError(null);
      router.refresh();
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      {error && (
        <p role="alert" className="text-red-800 font-semibold w-full">
          {error}
        </p>
      )}
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role for {name}
      </label>
      <select
        id={`role-${userId}`}
        defaultValue={role}
        className={inputClass()}
        style={{ width: 'auto' }}
        onChange={(e) => run({ role: e.target.value as 'CASEWORKER' })}
      >
        <option value="CASEWORKER">Caseworker</option>
        <option value="COORDINATOR">Coordinator</option>
      </select>
      <Button variant={disabled ? 'primary' : 'danger'} onClick={() => run({ disabled: !disabled })}>
        {disabled ? `Re-enable ${name}` : `Disable ${name}`}
      </Button>
    </div>
  );
}

export function SignOutEverywhereButton() {
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      {error && <Alert>{error}</Alert>}
      <Button
        variant="danger"
        onClick={async () => {
          const res = await signOutEverywhereAction({});
          if (!res.ok) return setError(res.error);
          await signOut({ callbackUrl: '/login' });
        }}
      >
        Sign out on all devices
      </Button>
    </div>
  );
}

/** A coordinator resets a staff member's two-step sign-in (lost phone), after saying what will happen. */
export function ResetSecondFactorButton({ userId, name }: { userId: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const reset = async () => {
    setPending(true);
    const res = await resetSecondFactorAction({ userId });
    setPending(false);
    setConfirming(false);
    if (!res.ok) return setMessage({ kind: 'error', text: res.error });
    setMessage({
      kind: 'success',
      text: `Two-step sign-in was reset for ${name}. They have been signed out and told by email.`,
    });
    router.refresh();
  };
  return (
    <div className="mt-3">
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {confirming ? (
        <div className="border-l-8 border-red-700 bg-red-50 rounded p-3">
          <p className="mb-2">
            This removes {name}’s authenticator app, passkeys and recovery codes and signs them out everywhere. At their
            next sign-in they must set up two-step sign-in again before anything else. We will email them.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button variant="danger" onClick={reset} disabled={pending}>
              {pending ? 'Resetting…' : `Yes, reset ${name}’s two-step sign-in`}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            setMessage(null);
            setConfirming(true);
          }}
        >
          Reset two-step sign-in for {name}
        </Button>
      )}
    </div>
  );
}
