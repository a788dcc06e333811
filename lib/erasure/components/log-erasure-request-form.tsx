'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import { logErasureRequestAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { Field, describedBy, inputClass } from '../../ui/field';
import { useActionSubmit } from '../../ui/use-action-form';
import type { LogErasureRequestFields } from '../schemas';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.logErasureRequestSchema));

/** A request made by letter, email or phone, logged by a coordinator; it then waits for a decision like any other. */
export function LogErasureRequestForm() {
  const router = useRouter();
  const [logged, setLogged] = useState(false);
  const form = useForm<LogErasureRequestFields>({ resolver, defaultValues: { who: '' } });
  const { submit, formError, pending } = useActionSubmit(form, logErasureRequestAction, () => {
    setLogged(true);
    form.reset({ who: '' });
    router.refresh();
  });
  const e = form.formState.errors;
  return (
    <form
      method="post"
      onSubmit={submit}
      noValidate
      aria-label="Log a request made by letter or phone"
      className="max-w-xl"
    >
      {formError && <Alert title="Not logged">{formError}</Alert>}
      {logged && <Alert kind="success">Logged. It is in the list below, waiting for a decision.</Alert>}
      <Field
        id="erasure-who"
        label="Who asked?"
        hint="One of their case references (RS-…), their email address or their membership number."
        error={e.who?.message}
      >
        <input
          id="erasure-who"
          autoComplete="off"
          className={inputClass(e.who)}
          aria-invalid={!!e.who}
          aria-describedby={describedBy('erasure-who', true, e.who)}
          {...form.register('who', { onChange: () => setLogged(false) })}
        />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>
        Log the request
      </Button>
    </form>
  );
}
