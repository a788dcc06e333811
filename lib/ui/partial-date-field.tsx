'use client';

import type { FieldErrors, FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { DATE_PRECISIONS, PRECISION_LABELS } from '../dates/partial-date';
import { inputClass } from './field';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date people may only half remember: first how well they know it, then only the parts that apply.
 * Separate boxes (GOV.UK pattern) rather than a date picker: easier on phones and for older users.
 */
export function PartialDateField<V extends FieldValues>({
  form,
  name,
  legend,
  hint,
}: {
  form: UseFormReturn<V>;
  name: string;
  legend: string;
  hint?: string;
}) {
  const precision = form.watch(`${name}.precision` as Path<V>) as string | undefined;
  const errs = name
    .split('.')
    .reduce<unknown>(
      (acc, k) => (acc as Record<string, unknown> | undefined)?.[k],
      form.formState.errors as FieldErrors,
    ) as
    | {
        precision?: { message?: string };
        year?: { message?: string };
        month?: { message?: string };
        day?: { message?: string };
        message?: string;
      }
    | undefined;
  const id = name.replace(/\./g, '-');
  const messages = [
    errs?.precision?.message,
    errs?.day?.message,
    errs?.month?.message,
    errs?.year?.message,
    errs?.message,
  ].filter(Boolean);
  return (
    <fieldset className="mb-5" aria-describedby={messages.length ? `${id}-error` : undefined}>
      <legend className="font-semibold mb-1">{legend}</legend>
      {hint && <p className="text-stone-600 mb-2">{hint}</p>}
      {messages.length > 0 && (
        <p id={`${id}-error`} className="text-red-800 font-semibold mb-2" role="alert">
          <span aria-hidden="true">⚠ </span>
          {messages[0]}
        </p>
      )}
      <div className="grid gap-1 mb-3">
        {DATE_PRECISIONS.map((p) => (
          <label key={p} className="flex items-center gap-3 min-h-11 cursor-pointer">
            <input type="radio" value={p} className="size-6" {...form.register(`${name}.precision` as Path<V>)} />
            {PRECISION_LABELS[p]}
          </label>
        ))}
      </div>
      {precision && (
        <div className="flex flex-wrap gap-3">
          {precision === 'DAY' && (
            <div>
              <label htmlFor={`${id}-day`} className="block">
                Day
              </label>
              <input
                id={`${id}-day`}
                inputMode="numeric"
                maxLength={2}
                className={`${inputClass(errs?.day)} w-20`}
                aria-invalid={!!errs?.day}
                {...form.register(`${name}.day` as Path<V>)}
              />
            </div>
          )}
          {(precision === 'DAY' || precision === 'MONTH') && (
            <div>
              <label htmlFor={`${id}-month`} className="block">
                Month
              </label>
              <select
                id={`${id}-month`}
                className={`${inputClass(errs?.month)} w-44`}
                aria-invalid={!!errs?.month}
                {...form.register(`${name}.month` as Path<V>)}
              >
                <option value="">Choose…</option>
                {MONTHS.map((m, i) => (
                  <option key={m} value={String(i + 1)}>
                    {m}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div>
            <label htmlFor={`${id}-year`} className="block">
              {precision === 'APPROXIMATE' ? 'Roughly which year' : 'Year'}
            </label>
            <input
              id={`${id}-year`}
              inputMode="numeric"
              maxLength={4}
              className={`${inputClass(errs?.year)} w-28`}
              aria-invalid={!!errs?.year}
              {...form.register(`${name}.year` as Path<V>)}
            />
          </div>
        </div>
      )}
    </fieldset>
  );
}
