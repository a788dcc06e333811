'use client';

import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';
import { WANTS_LABELS } from '../labels';

/** "What would you like to happen?": one checkbox per outcome the member can want (intake, staff-opened case, details). */
export function WantsField({
  legend,
  hint,
  error,
  register,
}: {
  legend: string;
  hint?: string;
  error?: FieldError | { message?: string };
  register: UseFormRegisterReturn;
}) {
  return (
    <fieldset className="mb-5" aria-describedby={error ? 'wants-error' : undefined}>
      <legend className="font-semibold mb-1">{legend}</legend>
      {hint && <p className="text-stone-600 mb-2">{hint}</p>}
      {error && (
        <p id="wants-error" role="alert" className="text-red-800 font-semibold mb-1">
          <span aria-hidden="true">⚠ </span>
          {error.message}
        </p>
      )}
      {Object.entries(WANTS_LABELS).map(([value, label]) => (
        <label key={value} className="flex items-center gap-3 min-h-11 cursor-pointer">
          <input type="checkbox" value={value} className="size-6" {...register} /> {label}
        </label>
      ))}
    </fieldset>
  );
}
