import { z } from 'zod';
import { JURISDICTIONS } from './jurisdictions';

const id = z.string().min(1).max(40);
const blankToUndefined = (v: unknown) =>
  v === '' || v === null || (typeof v === 'number' && Number.isNaN(v)) ? undefined : v;

export const waiveDeadlineSchema = z
  .object({
    deadlineId: id,
    reason: z
      .string()
      .trim()
      .min(1, 'Say why this deadline no longer applies')
      .max(1000, 'Keep the reason under 1,000 characters'),
  })
  .strict();

/** Several deadlines waived at once, for one reason (e.g. "The party withdrew the case"). */
export const waiveDeadlinesSchema = z
  .object({
    deadlineIds: z
      .array(id, { error: 'Tick the deadlines to waive' })
      .min(1, 'Tick at least one deadline to waive')
      .max(50, 'Waive at most 50 deadlines at a time')
      .refine((ids) => new Set(ids).size === ids.length, 'A deadline is listed twice'),
    reason: waiveDeadlineSchema.shape.reason,
  })
  .strict();

export const unwaiveDeadlineSchema = z.object({ deadlineId: id }).strict();

export const sarExtensionSchema = z.object({ deadlineId: id, extended: z.boolean() }).strict();

export const deadlineSettingsSchema = z
  .object({
    caseId: id,
    /** Blank: use the organisation's. */
    jurisdiction: z.preprocess(
      blankToUndefined,
      z
        .enum(JURISDICTIONS as [string, ...string[]], { error: 'Choose where the bank holidays are counted' })
        .optional(),
    ),
    appealWindowDays: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'Enter the number of days as a whole number, like 21' })
        .int('Enter a whole number of days, like 21')
        .min(1, 'The appeal window must be at least 1 day')
        .max(365, 'The appeal window must be 365 days or fewer')
        .optional(),
    ),
  })
  .strict();

export type DeadlineSettingsInput = z.input<typeof deadlineSettingsSchema>;
