'use client';

import { useState } from 'react';
import Link from '@/lib/ui/link';
import { useRouter } from 'next/navigation';
import { startRegistration } from '@simplewebauthn/browser';
import { Button, linkButtonClass } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import {
  addPasskeyAction,
  confirmTotpSetupAction,
  newRecoveryCodesAction,
  passkeySetupOptionsAction,
  startTotpSetupAction,
} from '../two-step-actions';
import { RemoveSecondFactor } from './remove-second-factor';

export type TwoStepView = {
  totpSince: string | null;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
};

/** The set-up page: an authenticator app, passkeys, recovery codes. */
export function TwoStepSettings({ view }: { view: TwoStepView }) {
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hasFactor = !!view.totpSince || view.passkeys.length > 0;

  const newCodes = async () => {
    setError(null);
    const res = await newRecoveryCodesAction({});
    if (!res.ok) return setError(res.error);
    setCodes(res.data.recoveryCodes);
    router.refresh();
  };
  const enrolled = (recoveryCodes: string[] | null) => {
    if (recoveryCodes) setCodes(recoveryCodes);
    router.refresh();
  };

  return (
    <div className="grid gap-8">
      {codes && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
      {error && <Alert>{error}</Alert>}
      <section aria-labelledby="app-heading" className="bg-white rounded-lg border border-stone-300 p-4">
        <h2 id="app-heading" className="text-2xl font-bold mb-2">
          Authenticator app
        </h2>
        {view.totpSince ? (
          <>
            <p className="mb-3">On since {view.totpSince}. When you sign in, type the code your app shows.</p>
            <RemoveSecondFactor kind="totp" label="the authenticator app" />
          </>
        ) : (
          <TotpSetup onDone={enrolled} />
        )}
      </section>
      <section aria-labelledby="passkeys-heading" className="bg-white rounded-lg border border-stone-300 p-4">
        <h2 id="passkeys-heading" className="text-2xl font-bold mb-2">
          Passkeys
        </h2>
        <p className="mb-3">
          A passkey uses your phone’s or computer’s screen lock (fingerprint, face or PIN), or a security key. It cannot
          be used on a fake copy of this site.
        </p>
        {view.passkeys.length > 0 && (
          <ul className="grid gap-3 mb-4">
            {view.passkeys.map((p) => (
              <li key={p.id} className="border border-stone-300 rounded p-3">
                <p className="font-semibold">{p.name}</p>
                <p className="text-stone-700 mb-2">
                  Added {p.createdAt}
                  {p.lastUsedAt ? ` · last used ${p.lastUsedAt}` : ''}
                </p>
                <RemoveSecondFactor kind="passkey" passkeyId={p.id} label={`the passkey “${p.name}”`} />
              </li>
            ))}
          </ul>
        )}
        <AddPasskey onDone={enrolled} />
      </section>
      {hasFactor && (
        <section aria-labelledby="codes-heading" className="bg-white rounded-lg border border-stone-300 p-4">
          <h2 id="codes-heading" className="text-2xl font-bold mb-2">
            Recovery codes
          </h2>
          <p className="mb-3">
            {view.recoveryCodesLeft} of 10 unused. Each code lets you sign in once, with your password, if you lose your
            phone or key; you then set up two-step sign-in again.
          </p>
          <Button variant="secondary" onClick={newCodes}>
            Make new recovery codes
          </Button>
        </section>
      )}
    </div>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <section aria-labelledby="save-codes-heading" className="border-l-8 border-amber-700 bg-amber-50 rounded p-4">
      <h2 id="save-codes-heading" className="text-2xl font-bold mb-2">
        Save your recovery codes now
      </h2>
      <p className="mb-3">
        Write them down or print this page, and keep them somewhere safe, away from your phone. They are shown only
        once. Each works once.
      </p>
      <ol className="grid gap-1 font-mono text-lg mb-4 sm:grid-cols-2" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-3">
        <Link href="/cases" className={linkButtonClass}>
          I have saved them: continue
        </Link>
        <Button variant="secondary" onClick={onDone}>
          Hide the codes
        </Button>
      </div>
    </section>
  );
}

function TotpSetup({ onDone }: { onDone: (codes: string[] | null) => void }) {
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const start = async () => {
    setError(null);
    const res = await startTotpSetupAction({});
    if (!res.ok) return setError(res.error);
    setSetup(res.data);
  };
  const confirm = async (e: React.FormEvent) => {
    e.preventDefault();
    setFieldError(null);
    setError(null);
    if (!/^\d{3} ?\d{3}$/.test(code.trim())) return setFieldError('Enter the 6 digits your app shows');
    setPending(true);
    const res = await confirmTotpSetupAction({ code: code.trim() });
    setPending(false);
    if (!res.ok) return res.fieldErrors?.code ? setFieldError(res.fieldErrors.code) : setError(res.error);
    setSetup(null);
    onDone(res.data.recoveryCodes);
  };

  if (!setup) {
    return (
      <>
        {error && <Alert>{error}</Alert>}
        <p className="mb-3">
          Use an app such as Google Authenticator, Microsoft Authenticator or Aegis on your phone. It shows a new
          six-digit code every 30 seconds.
        </p>
        <Button onClick={start}>Set up an authenticator app</Button>
      </>
    );
  }
  return (
    <form method="post" onSubmit={confirm} noValidate>
      {error && <Alert>{error}</Alert>}
      <ol className="list-decimal pl-6 grid gap-3 mb-4">
        <li>
          In your app, choose to add an account, then scan this code:
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server, never optimised or fetched */}
          <img
            src={setup.qrDataUrl}
            alt="QR code to add Reinstate to your authenticator app"
            width={200}
            height={200}
            className="block my-2 bg-white"
          />
          Or type this key instead:{' '}
          <code className="font-mono text-lg break-all" data-testid="totp-secret">
            {setup.secret}
          </code>
        </li>
        <li>Type the six-digit code the app now shows for Reinstate.</li>
      </ol>
      <Field id="totp-code" label="6-digit code from the app" error={fieldError ?? undefined}>
        <input
          id="totp-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          className={inputClass(fieldError)}
          aria-invalid={!!fieldError}
          aria-describedby={describedBy('totp-code', false, fieldError)}
        />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Checking…' : 'Turn on'}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setSetup(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function AddPasskey({ onDone }: { onDone: (codes: string[] | null) => void }) {
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    if (!name.trim()) return setFieldError('Give it a name you will recognise, like "Work laptop"');
    setPending(true);
    try {
      const options = await passkeySetupOptionsAction({});
      if (!options.ok) return setError(options.error);
      const response = await startRegistration({ optionsJSON: options.data }).catch(() => null);
      if (!response) return setError('No passkey was made. Try again, and follow what your browser or phone asks.');
      const res = await addPasskeyAction({ name: name.trim(), response: response as never });
      if (!res.ok) return res.fieldErrors?.name ? setFieldError(res.fieldErrors.name) : setError(res.error);
      setName('');
      onDone(res.data.recoveryCodes);
    } finally {
      setPending(false);
    }
  };
  return (
    <form method="post" onSubmit={add} noValidate>
      {error && <Alert>{error}</Alert>}
      <Field
        id="passkey-name"
        label="Name for a new passkey"
        hint="So you can tell them apart, e.g. “Work laptop” or “My phone”."
        error={fieldError ?? undefined}
      >
        <input
          id="passkey-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          className={inputClass(fieldError)}
          aria-invalid={!!fieldError}
          aria-describedby={describedBy('passkey-name', true, fieldError)}
        />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Waiting for your device…' : 'Add a passkey'}
      </Button>
    </form>
  );
}
