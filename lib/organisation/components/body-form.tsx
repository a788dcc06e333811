'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { saveBodyAction } from '../actions';
import type { BodyFields } from '../schemas';
import type { BodyKind } from '../../db/generated/enums';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { useActionSubmit } from '../../ui/use-action-form';
import { SettingsInput } from './settings-field';
import { registerWithValue } from '../../ui/ssr-default';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.bodyFieldsSchema));

type Was = { name: string; postalAddress: string | null; email: string | null };

/** One body of the party: the name, postal address and email letters are addressed to. `was: null` adds a body of that kind. */
export function BodyForm({ kind, label, was }: { kind: BodyKind; label: string; was: Was | null }) {
  const router = useRouter();
  const [done, setDone] = useState(false);
  const form = useForm<BodyFields>({
    resolver,
    defaultValues: { name: was?.name ?? '', postalAddress: was?.postalAddress ?? '', email: was?.email ?? '' },
  });
  const { submit, formError, pending } = useActionSubmit(
    form,
    (v) => saveBodyAction({ ...v, kind, was }),
    () => {
      setDone(true);
      router.refresh();
    },
  );
  const e = form.formState.errors;
  const id = (f: string) => `body-${kind}-${f}`;
  return (
    <form
      method="post"
      onSubmit={(ev) => {
        setDone(false);
        return submit(ev);
      }}
      noValidate
      aria-label={label}
      className="rounded-lg border-2 border-stone-300 bg-white p-4"
    >
      <h3 className="text-lg font-bold mb-3">{label}</h3>
      {formError && <Alert title="Not saved">{formError}</Alert>}
      {done && <Alert kind="success">Saved. New letters use it from now on.</Alert>}
      <SettingsInput id={id('name')} label="Name" error={e.name?.message} reg={registerWithValue(form, 'name')} />
      <SettingsInput
        id={id('address')}
        multiline
        optional
        label="Postal address"
        hint="One line per part, as it goes on an envelope."
        error={e.postalAddress?.message}
        reg={registerWithValue(form, 'postalAddress')}
      />
      <SettingsInput
        id={id('email')}
        optional
        label="Email address"
        error={e.email?.message}
        reg={registerWithValue(form, 'email')}
      />
      <Button type="submit" variant={was ? 'secondary' : 'primary'} disabled={pending}>
        {pending ? 'Saving…' : was ? `Save ${label.split(' (')[0]}` : `Add ${label.split(' (')[0]}`}
      </Button>
    </form>
  );
}
