import { z } from 'zod';
import { APPEAL_STATUS_LABELS, STATUS_LABELS, keysOf } from './labels';

const id = z.string().min(1).max(40);

export const updateCaseStatusSchema = z
  .object({
    caseId: id,
    version: z.number().int().min(1),
    status: z.enum(keysOf(STATUS_LABELS), { error: 'Choose a status from the list' }),
    appealStatus: z.enum(keysOf(APPEAL_STATUS_LABELS), { error: 'Choose an appeal status from the list' }),
  })
  .strict();

export const consentSchema = z.object({ caseId: id, give: z.boolean() }).strict();
export const assignSchema = z.object({ caseId: id, caseworkerId: z.string().min(1, 'Choose a caseworker').max(40) }).strict();
export const unassignSchema = z.object({ assignmentId: id }).strict();

export type UpdateCaseStatusInput = z.input<typeof updateCaseStatusSchema>;
