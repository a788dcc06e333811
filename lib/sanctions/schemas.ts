import { z } from 'zod';
import { partialDateSchema } from '../dates/partial-date-schema';
import { BODY_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS, keysOf } from '../cases/labels';
import { SANCTION_OUTCOME_LABELS } from './labels';

const id = z.string().min(1).max(40);
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** One sanction: what was imposed, when, by whom, the reason given, how it stands and when it ended. */
export const sanctionFieldsSchema = z.object({
  type: z.enum(keysOf(SANCTION_TYPE_LABELS), { error: 'Choose what was imposed' }),
  imposedOn: partialDateSchema(),
  imposedBy: z.preprocess(blankToUndefined, z.enum(keysOf(BODY_LABELS), { error: 'Choose who imposed it' }).optional()),
  reasonCategory: z.preprocess(
    blankToUndefined,
    z.enum(keysOf(REASON_LABELS), { error: 'Choose the reason given' }).optional(),
  ),
  reasonText: z
    .string()
    .trim()
    .max(5_000, 'Keep the wording under 5,000 characters')
    .optional()
    .transform((v) => v || undefined),
  outcome: z.enum(keysOf(SANCTION_OUTCOME_LABELS), { error: 'Choose how it stands now' }).default('PENDING'),
  /** Only when it has ended (lifted, overturned, quashed, withdrawn). */
  endedOn: partialDateSchema().optional(),
});

type PD = { year?: number; month?: number; day?: number; precision: string };
const hasMonth = (d: PD) => d.precision === 'DAY' || d.precision === 'MONTH';

/** An end before the start is a typing mistake; compared only as far as both dates are known. */
const refineSanction = (v: { imposedOn: PD; endedOn?: PD }, ctx: z.RefinementCtx) => {
  const a = v.imposedOn;
  const b = v.endedOn;
  if (!b || a.year === undefined || b.year === undefined) return;
  const before =
    b.year < a.year ||
    (b.year === a.year &&
      hasMonth(a) &&
      hasMonth(b) &&
      (b.month! < a.month! ||
        (b.month === a.month && a.precision === 'DAY' && b.precision === 'DAY' && b.day! < a.day!)));
  if (before)
    ctx.addIssue({ code: 'custom', path: ['endedOn', 'year'], message: 'It cannot have ended before it was imposed' });
};

export const addSanctionSchema = z
  .object({
    caseId: id,
    ...sanctionFieldsSchema.shape,
    /** Also add the matching entry (notice of suspension, or suspended again) to the timeline. */
    addToTimeline: z.boolean().default(false),
  })
  .strict()
  .superRefine(refineSanction);

export const updateSanctionSchema = z
  .object({ sanctionId: id, version: z.number().int().min(1), ...sanctionFieldsSchema.shape })
  .strict()
  .superRefine(refineSanction);

export const sanctionFormSchema = z
  .object({ ...sanctionFieldsSchema.shape, addToTimeline: z.boolean().default(false) })
  .strict()
  .superRefine(refineSanction);

export type SanctionFieldsInput = z.input<typeof sanctionFormSchema>;
export type AddSanctionInput = z.output<typeof addSanctionSchema>;
export type UpdateSanctionInput = z.output<typeof updateSanctionSchema>;
