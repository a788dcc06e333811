import { z } from 'zod';
import { isIsoDate, parseUkDay } from './uk-date';
import type { LetterContext, LetterField, LetterTemplate } from './types';

// The values a person fills in for a template's fields: pre-filled from the case, checked with the
// same zod schema in the browser (react-hook-form) and on the server. No Node or database imports,
// so client components can use this module. Only a template's `fields` are needed.

type Fields = Pick<LetterTemplate, 'fields'>;

export const MAX_LENGTH = { text: 300, multiline: 5000, date: 10, number: 9 } as const;

// C0 controls other than tab and line breaks, and DEL: invalid in DOCX XML, invisible in a PDF.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Each field's starting value from the case: '' when the case does not hold it or the person types it.
 * Date fields come as ISO YYYY-MM-DD (for <input type="date">), and only when the day is known.
 */
export function prefillFields(template: Fields, context: LetterContext): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of template.fields) {
    const raw = f.source ? (context[f.source] ?? '') : '';
    if (f.type === 'date') values[f.name] = parseUkDay(raw) ?? '';
    else if (f.type === 'multiline') values[f.name] = raw;
    else values[f.name] = oneLine(raw);
  }
  return values;
}

/** Required fields still blank, in the template's order: the form asks for these. */
export function missingFields(template: Fields, values: Record<string, string>): LetterField[] {
  return template.fields.filter(
    (f) => f.required && !(Object.hasOwn(values, f.name) ? (values[f.name] ?? '') : '').trim(),
  );
}

/**
 * The schema for a template's values. Unknown names are refused; every declared field comes out as
 * a string ('' when left blank). Messages name the field's label, e.g. "Enter your postal address".
 */
export function fieldValuesSchema(template: Fields): z.ZodType<Record<string, string>> {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const f of template.fields) shape[f.name] = fieldSchema(f);
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, string>>;
}

function fieldSchema(f: LetterField): z.ZodType<string> {
  const noun = lowerFirst(f.label);
  const max = MAX_LENGTH[f.type];
  let checked = z.string().max(max, `${f.label} must be ${max} characters or fewer`);
  if (f.required) checked = checked.min(1, `Enter ${noun}`);
  const s = z
    .string({ error: `Enter ${noun}` })
    .refine((v) => !CONTROL.test(v), `${f.label} contains characters that cannot be printed: retype it`)
    .transform((v) => (f.type === 'multiline' ? tidyLines(v) : oneLine(v)))
    .pipe(
      checked
        .refine((v) => f.type !== 'date' || v === '' || isIsoDate(v), `Enter a real date for ${noun}`)
        .refine(
          (v) => f.type !== 'number' || v === '' || /^\d{1,9}$/.test(v),
          `${f.label} must be a whole number, like 14`,
        ),
    );
  // A field left out of the input counts as blank (then "Enter …" if it is required).
  return z.preprocess((v) => (v === undefined || v === null ? '' : v), s) as unknown as z.ZodType<string>;
}

/** "Your postal address" → "your postal address"; "ICO reference" stays as it is. */
function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

const oneLine = (v: string) =>
  v
    .replace(/\s*[\r\n]+\s*/g, ', ')
    .replace(/\t/g, ' ')
    .trim();
const tidyLines = (v: string) =>
  v
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
