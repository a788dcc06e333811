import { z } from 'zod';
import { letterTargetSchema } from './schemas';

// A letter draft: the form as it was typed, saved to come back to later. Blank and half-finished
// fields are fine here (the letter is checked in full when it is saved as sent); only lengths are
// bounded, and the service refuses field names the template does not declare.

const id = z.string().min(1).max(40);
const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), id.optional());
const upTo = (max: number) => z.string().max(max, `Keep this under ${max.toLocaleString('en-GB')} characters`);

export const letterDraftDataSchema = z
  .object({
    /** Which step the person was on: the details, or the whole letter for review. */
    step: z.enum(['details', 'review']),
    values: z.record(z.string().max(60), upTo(5000)).refine((v) => Object.keys(v).length <= 60, 'Too many fields'),
    document: z
      .object({
        senderName: upTo(300),
        senderAddress: upTo(1000),
        recipientName: upTo(300),
        recipientAddress: upTo(1000),
        subject: upTo(300),
        body: upTo(20_000),
        signatureName: upTo(300),
      })
      .partial()
      .strict()
      .optional(),
    sentOn: upTo(10).optional(),
    receivedOn: upTo(10).optional(),
    /** The earlier letter and the deadline the letter is about, when it was started from one. */
    parentLetterId: optionalId,
    deadlineId: optionalId,
    /** "Remember this address": store the member's address typed here on their record (only while none is stored). */
    rememberAddress: z.boolean().optional(),
  })
  .strict();

export const saveLetterDraftSchema = letterTargetSchema
  .extend({
    /** Absent: a new draft. Present: the draft being saved again, at the version the person opened. */
    draftId: optionalId,
    version: z.number().int().min(1).optional(),
    /** The member's record as the form was opened (for "remember this address"). */
    personVersion: z.number().int().min(1).optional(),
    data: letterDraftDataSchema,
  })
  .strict()
  .refine((v) => (v.draftId === undefined) === (v.version === undefined), {
    path: ['version'],
    message: 'A saved draft needs its version',
  });

export const discardLetterDraftSchema = z.object({ draftId: id, version: z.number().int().min(1) }).strict();

export type LetterDraftData = z.output<typeof letterDraftDataSchema>;
export type SaveLetterDraftInput = z.output<typeof saveLetterDraftSchema>;
