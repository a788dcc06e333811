import { z } from 'zod';
import { EVIDENCE_KINDS, EVIDENCE_KIND_LABELS } from './kinds';
import { partialDateSchema } from '../dates/partial-date-schema';
import { privacyFieldsSchema } from '../timeline/schemas';

const id = z.string().min(1).max(40);
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => v || undefined);
const httpUrl = z
  .string()
  .trim()
  .max(2000, 'The web address is too long')
  .refine((v) => !v || /^https?:\/\/[^\s]+$/i.test(v), 'Enter a web address starting with http:// or https://')
  .optional()
  .transform((v) => v || undefined);

export { EVIDENCE_KINDS, EVIDENCE_KIND_LABELS };

// One schema for the "describe this item" form and the server action.
export const evidenceFieldsSchema = z.object({
  title: z.string().trim().min(1, 'Give it a short title').max(200, 'Keep the title under 200 characters'),
  date: partialDateSchema().optional(),
  source: optionalText(500, 'Where it came from'),
  sourceUrl: httpUrl,
  kind: z.enum(EVIDENCE_KINDS, { error: 'Choose what kind of item this is' }),
  ...privacyFieldsSchema(false).shape,
});

export const updateEvidenceSchema = z
  .object({
    evidenceId: id,
    version: z.number().int().min(1),
    ...evidenceFieldsSchema.shape,
    ...privacyFieldsSchema(true).shape,
  })
  .strict();

export const captureEvidenceSchema = z
  .object({
    caseId: id,
    url: z
      .string()
      .trim()
      .min(1, 'Paste the web address of the post or page')
      .max(2000, 'The web address is too long')
      .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'Enter a web address starting with http:// or https://'),
    text: z
      .string()
      .trim()
      .min(1, 'Paste the words of the post or page')
      .max(100_000, 'Keep the text under 100,000 characters'),
    seenOn: partialDateSchema(),
    title: z.string().trim().min(1, 'Give it a short title').max(200, 'Keep the title under 200 characters'),
    kind: z.enum(['SOCIAL_POST', 'WEB_PAGE'], { error: 'Choose post or page' }),
    ...privacyFieldsSchema(false).shape,
  })
  .strict();

export const evidenceIdSchema = z.object({ evidenceId: id }).strict();
export const removeEvidenceSchema = z.object({ evidenceId: id, version: z.number().int().min(1) }).strict();
export const linkEvidenceSchema = z.object({ evidenceId: id, eventId: id, linked: z.boolean() }).strict();

export type EvidenceFieldsInput = z.input<typeof evidenceFieldsSchema>;
export type CaptureEvidenceInput = z.input<typeof captureEvidenceSchema>;
