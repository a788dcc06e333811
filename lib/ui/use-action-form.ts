'use client';

import { useState } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import type { ActionResult } from '../errors';

/**
 * Runs a server action from a react-hook-form submit and puts server-side field errors next to
 * their fields. What the person typed stays in the form whatever happens.
 */
export function useActionSubmit<V extends FieldValues, T>(
  form: UseFormReturn<V>,
  action: (values: V) => Promise<ActionResult<T>>,
  onSuccess: (data: T) => void,
) {
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    setPending(true);
    try {
      const result = await action(values);
      if (result.ok) return onSuccess(result.data);
      applyServerErrors(form, result.fieldErrors);
      setFormError(result.error);
    } catch {
      setFormError('We could not reach the server. Check your connection and try again; what you typed is still here.');
    } finally {
      setPending(false);
    }
  });
  return { submit, formError, setFormError, pending };
}

export function applyServerErrors<V extends FieldValues>(form: UseFormReturn<V>, fieldErrors?: Record<string, string>) {
  for (const [name, message] of Object.entries(fieldErrors ?? {})) {
    if (name !== '_form') form.setError(name as Path<V>, { type: 'server', message });
  }
}
