import { z } from 'zod';
import { APPEAL_STATUS_LABELS, OUTCOME_LABELS, STAGE_LABELS, keysOf } from './labels';

const id = z.string().min(1).max(40);

// Stage and outcome change together or apart; "Not known yet" (the form's empty choice, or null) clears the outcome.
// The reason is optional but asked for: it is kept with the change and shown to staff in the history.
export const updateCaseStageSchema = z
  .object({
    caseId: id,
    version: z.number().int().min(1),
    stage: z.enum(keysOf(STAGE_LABELS), { error: 'Choose a stage from the list' }),
    outcome: z
      .union([z.enum(keysOf(OUTCOME_LABELS)), z.literal(''), z.null()], {
        error: 'Choose an outcome from the list, or "Not known yet"',
      })
      .transform((v) => v || null),
    appealStatus: z.enum(keysOf(APPEAL_STATUS_LABELS), { error: 'Choose an appeal status from the list' }),
    reason: z
      .string({ error: 'Write the reason as text' })
      .trim()
      .max(2000, 'Keep the reason under 2,000 characters')
      .nullable()
      .optional()
      .transform((v) => v || null),
  })
  .strict();

export const consentSchema = z.object({ caseId: id, give: z.boolean() }).strict();
export const assignSchema = z
  .object({ caseId: id, caseworkerId: z.string().min(1, 'Choose a caseworker').max(40) })
  .strict();
export const unassignSchema = z.object({ assignmentId: id }).strict();

export type UpdateCaseStageInput = z.input<typeof updateCaseStageSchema>;
