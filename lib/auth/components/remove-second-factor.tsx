'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { removeSecondFactorAction } from '../two-step-actions';

/** "Remove", then the password to confirm: a session left open is not enough to weaken sign-in. */
export function RemoveSecondFactor({
  kind,
  passkeyId,
  label,
}: {
  kind: 'totp' | 'passkey';
  passkeyId?: string;
  label: string;
}) {
  const router = useRouter();
  const id = useId().replace(/:/g, '');
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Remove {label}
      </Button>
    );
  const remove = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    if (!password) return setFieldError('Enter your password');
    setPending(true);
    const res = await removeSecondFactorAction({ kind, passkeyId, password });
    setPending(false);
    if (!res.ok) return res.fieldErrors?.password ? setFieldError(res.fieldErrors.password) : setError(res.error);
    setOpen(false);
    router.refresh();
  };
  return (
    <form method="post" onSubmit={remove} noValidate className="mt-2">
      {error && <Alert>{error}</Alert>}
      <Field id={`remove-${id}`} label={`Your password, to remove ${label}`} error={fieldError ?? undefined}>
        <input
          id={`remove-${id}`}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={inputClass(fieldError)}
          aria-invalid={!!fieldError}
          aria-describedby={describedBy(`remove-${id}`, false, fieldError)}
        />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? 'Removing…' : 'Remove'}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
