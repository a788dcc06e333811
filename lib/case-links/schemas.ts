import { z } from 'zod';
import { CASE_RELATION_LABELS, keysOf } from '../cases/labels';

const id = z.string().min(1).max(40);

export const linkCasesSchema = z
  .object({
    caseId: id,
    /** The other case, by the reference staff read off it (RS-2026-0042). */
    otherReference: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^RS-\d{4}-\d{4,6}$/, 'Enter a case reference like RS-2026-0042'),
    relation: z.enum(keysOf(CASE_RELATION_LABELS), { error: 'Choose how the cases are related' }),
    note: z
      .string()
      .trim()
      .max(2_000, 'Keep the note under 2,000 characters')
      .optional()
      .transform((v) => v || undefined),
  })
  .strict();

export const unlinkCasesSchema = z.object({ linkId: id }).strict();

export const linkFormSchema = linkCasesSchema.omit({ caseId: true });

export type LinkCasesInput = z.output<typeof linkCasesSchema>;
export type LinkFormInput = z.input<typeof linkFormSchema>;
