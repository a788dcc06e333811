import { z } from 'zod';
import {
  ACCESS_EXEMPTION_NAMES,
  EXEMPTION_LABELS,
  ITEM_TYPES,
  type AccessExemptionName,
  type ItemType,
} from './labels';

// Subject access requests made to the network (issue 13, point 2): one schema per form, shared by the
// browser and the server. Coordinators only.

const id = z.string().min(1).max(40);
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const isoDay = z
  .string({ error: 'Enter the date the request was received' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as a day, month and year, like 3 September 2026')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'That date does not exist: check the day and month',
    },
  );

export const ACCESS_SOURCES = ['PERSON', 'ON_BEHALF'] as const;
export const ACCESS_DECISIONS = ['RELEASE', 'REDACT', 'WITHHOLD'] as const;
export const ACCESS_EXEMPTIONS = ACCESS_EXEMPTION_NAMES;
export { EXEMPTION_LABELS, ITEM_TYPES, type AccessExemptionName, type ItemType };

export const logAccessRequestSchema = z
  .object({
    /** The person's sign-in email or membership number, or a case reference of theirs. */
    who: z
      .string()
      .trim()
      .min(1, 'Enter the person’s email, membership number or a case reference')
      .max(200, 'Keep this under 200 characters'),
    receivedOn: isoDay,
    source: z.enum(ACCESS_SOURCES, { error: 'Choose who made the request' }),
    requesterName: z.preprocess(
      blankToUndefined,
      z.string().trim().max(200, 'Keep the name under 200 characters').optional(),
    ),
    note: z.preprocess(
      blankToUndefined,
      z.string().trim().max(2000, 'Keep the note under 2,000 characters').optional(),
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.source === 'ON_BEHALF' && !v.requesterName)
      ctx.addIssue({ code: 'custom', path: ['requesterName'], message: 'Enter who made the request on their behalf' });
  });
export type LogAccessRequestInput = z.output<typeof logAccessRequestSchema>;

export const itemDecisionSchema = z
  .object({
    itemType: z.enum(ITEM_TYPES),
    itemId: id,
    decision: z.enum(ACCESS_DECISIONS, { error: 'Choose release, redact or withhold' }),
    exemption: z.preprocess(blankToUndefined, z.enum(ACCESS_EXEMPTIONS).optional()),
    reason: z.preprocess(
      blankToUndefined,
      z.string().trim().max(1000, 'Keep the reason under 1,000 characters').optional(),
    ),
    redactedText: z.preprocess(
      blankToUndefined,
      z.string().trim().max(20000, 'Keep the released text under 20,000 characters').optional(),
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'WITHHOLD' && !v.exemption)
      ctx.addIssue({ code: 'custom', path: ['exemption'], message: 'Choose the exemption it is withheld under' });
    if (v.decision === 'WITHHOLD' && v.exemption === 'OTHER' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say which exemption applies' });
    if (v.decision === 'REDACT' && !v.redactedText)
      ctx.addIssue({ code: 'custom', path: ['redactedText'], message: 'Enter the text as it will be released' });
    if (v.decision === 'REDACT' && !v.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'Say what was taken out (for example “a witness’s name”)',
      });
  });
export type ItemDecisionInput = z.output<typeof itemDecisionSchema>;

export const decideItemSchema = z.object({ requestId: id, item: itemDecisionSchema }).strict();

export const extendAccessRequestSchema = z.object({ requestId: id }).strict();

export const releaseAccessRequestSchema = z
  .object({
    requestId: id,
    coveringLetter: z
      .string()
      .trim()
      .min(20, 'Write the covering letter (at least a few sentences)')
      .max(20000, 'Keep the covering letter under 20,000 characters'),
  })
  .strict();

export type LogAccessRequestFields = z.input<typeof logAccessRequestSchema>;
export type ItemDecisionFields = z.input<typeof itemDecisionSchema>;
