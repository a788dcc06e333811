'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { startAuthentication } from '@simplewebauthn/browser';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { SIGN_IN_EXPIRED, type SecondFactorMethods } from '../messages';
import {
  passkeySignInAction,
  passkeySignInOptionsAction,
  recoverySignInAction,
  totpSignInAction,
} from '../sign-in-actions';

type Mode = 'totp' | 'passkey' | 'recovery';
type Props = {
  ticket: string;
  methods: SecondFactorMethods;
  onReady: () => Promise<void>;
  onRestart: (message: string) => void;
};

const NO_PASSKEY = 'Your passkey was not used. Try again, or choose another way to sign in.';

/** The second step of signing in: a code from the app, a passkey, or a recovery code. */
export function SecondFactorForm({ ticket, methods, onReady, onRestart }: Props) {
  const [mode, setMode] = useState<Mode>(methods.totp ? 'totp' : methods.passkey ? 'passkey' : 'recovery');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const form = useForm<{ code: string; recoveryCode: string }>({ defaultValues: { code: '', recoveryCode: '' } });
  const { errors } = form.formState;

  const run = async (
    attempt: () => Promise<{ ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string> }>,
  ) => {
    setError(null);
    setPending(true);
    try {
      const res = await attempt();
      if (res.ok) return await onReady();
      if (res.error === SIGN_IN_EXPIRED) return onRestart(res.error);
      const field = Object.keys(res.fieldErrors ?? {}).find((k) => k === 'code' || k === 'recoveryCode') as
        | 'code'
        | 'recoveryCode'
        | undefined;
      if (field) form.setError(field, { type: 'server', message: res.fieldErrors![field] });
      else setError(res.error);
    } catch {
      setError('We could not reach the server. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  };

  const usePasskey = () =>
    run(async () => {
      const options = await passkeySignInOptionsAction({ ticket });
      if (!options.ok) return options;
      const response = await startAuthentication({ optionsJSON: options.data }).catch(() => null);
      if (!response) return { ok: false as const, error: NO_PASSKEY };
      return passkeySignInAction({ ticket, response: response as never });
    });

  const switchTo = (next: Mode) => {
    setError(null);
    form.clearErrors();
    setMode(next);
  };
  const others: { mode: Mode; label: string }[] = [
    ...(methods.totp ? [{ mode: 'totp' as const, label: 'Use your authenticator app instead' }] : []),
    ...(methods.passkey ? [{ mode: 'passkey' as const, label: 'Use your passkey instead' }] : []),
    ...(methods.recoveryCode ? [{ mode: 'recovery' as const, label: 'Use a recovery code instead' }] : []),
  ].filter((o) => o.mode !== mode);

  return (
    <div>
      <h2 className="text-2xl font-bold mb-2">Second step</h2>
      <p className="mb-4">Your password was right. To keep your account safe, confirm it is you.</p>
      {error && <Alert title="Not signed in yet">{error}</Alert>}
      {mode === 'totp' && (
        <form
          method="post"
          noValidate
          onSubmit={form.handleSubmit((v) => run(() => totpSignInAction({ ticket, code: v.code })))}
        >
          <Field
            id="code"
            label="6-digit code from your authenticator app"
            hint="Open the app on your phone and type the code it shows for Reinstate."
            error={errors.code?.message}
          >
            <input
              id="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              className={inputClass(errors.code)}
              aria-invalid={!!errors.code}
              aria-describedby={describedBy('code', true, errors.code)}
              {...form.register('code', { required: 'Enter the 6-digit code from your app' })}
            />
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? 'Checking…' : 'Continue'}
          </Button>
        </form>
      )}
      {mode === 'passkey' && (
        <div>
          <p className="mb-3">Use the passkey you set up: your fingerprint, face, screen lock or security key.</p>
          <Button type="button" onClick={usePasskey} disabled={pending}>
            {pending ? 'Waiting for your passkey…' : 'Use your passkey'}
          </Button>
        </div>
      )}
      {mode === 'recovery' && (
        <form
          method="post"
          noValidate
          onSubmit={form.handleSubmit((v) => run(() => recoverySignInAction({ ticket, recoveryCode: v.recoveryCode })))}
        >
          <Field
            id="recoveryCode"
            label="Recovery code"
            hint="One of the codes you saved when you set up two-step sign-in. Each works once. You will then set up two-step sign-in again."
            error={errors.recoveryCode?.message}
          >
            <input
              id="recoveryCode"
              autoComplete="off"
              spellCheck={false}
              className={inputClass(errors.recoveryCode)}
              aria-invalid={!!errors.recoveryCode}
              aria-describedby={describedBy('recoveryCode', true, errors.recoveryCode)}
              {...form.register('recoveryCode', { required: 'Enter one of your recovery codes' })}
            />
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? 'Checking…' : 'Continue'}
          </Button>
        </form>
      )}
      {others.length > 0 && (
        <ul className="mt-6 grid gap-1">
          {others.map((o) => (
            <li key={o.mode}>
              <button
                type="button"
                className="underline underline-offset-2 min-h-12 text-left"
                onClick={() => switchTo(o.mode)}
              >
                {o.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-4">
        <button type="button" className="underline underline-offset-2 min-h-12" onClick={() => onRestart('')}>
          Start again
        </button>
      </p>
    </div>
  );
}
