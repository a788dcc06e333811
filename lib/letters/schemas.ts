import { z } from 'zod';

const id = z.string().min(1).max(40);
const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), id.optional());

/** Which letter, on which case, following what: shared by preview, save and the draft downloads. */
export const letterTargetSchema = z.object({
  caseId: id,
  templateKey: z.string().regex(/^[a-z0-9-]{1,60}$/),
  parentLetterId: optionalId,
  deadlineId: optionalId,
});

export const previewLetterSchema = letterTargetSchema
  .extend({
    values: z.record(z.string().max(60), z.string().max(5000)),
  })
  .strict();

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `Keep ${label} under ${max.toLocaleString('en-GB')} characters`);

/** The letter as the person left it after editing: exactly what is filed and turned into the PDF. */
export const letterDocumentSchema = z
  .object({
    senderName: text('the sender’s name', 300),
    senderAddress: text('the sender’s address', 1000),
    recipientName: text('who the letter is to', 300),
    recipientAddress: text('the recipient’s address', 1000),
    subject: text('a subject line', 300),
    body: text('the text of the letter', 20_000),
    signatureName: text('the name to sign with', 300),
  })
  .strict();

/** When the letter went, and (a subject access request only) when the party received it, if known: its month counts from then. */
export const sentFieldsSchema = z.object({
  sentOn: z.iso.date({ error: 'Enter the date the letter is sent' }),
  receivedOn: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.iso.date({ error: 'Enter the date they received it, like 21/11/2026' }).optional(),
  ),
});

export const refineSent = (v: { sentOn: string; receivedOn?: string }, ctx: z.RefinementCtx) => {
  const sent = Date.parse(`${v.sentOn}T00:00:00Z`);
  if (sent > Date.now() + 86_400_000)
    ctx.addIssue({
      code: 'custom',
      path: ['sentOn'],
      message: 'The date sent cannot be in the future. Save it on the day you send it.',
    });
  if (sent < Date.UTC(2000, 0, 1))
    ctx.addIssue({ code: 'custom', path: ['sentOn'], message: 'Enter a date from 2000 onwards' });
  if (v.receivedOn !== undefined) {
    const received = Date.parse(`${v.receivedOn}T00:00:00Z`);
    if (received < sent)
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'They cannot have received it before the date it was sent',
      });
    else if (received > Date.now() + 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'That date is in the future. Leave it blank until they have received it.',
      });
  }
};

/** The review step of a letter: when it was sent (and received) and the whole letter as edited. */
export const letterReviewSchema = z
  .object({ ...sentFieldsSchema.shape, document: letterDocumentSchema })
  .superRefine(refineSent);

export const saveLetterSchema = letterTargetSchema
  .extend({
    ...sentFieldsSchema.shape,
    document: letterDocumentSchema,
    // Written from a saved draft: it is removed in the same transaction (at the version the person had open).
    draftId: optionalId,
    draftVersion: z.number().int().min(1).optional(),
    // "Remember this address": the member's address as typed, stored on their record if none is stored yet.
    memberAddress: z.preprocess(
      (v) => (v === '' || v === null ? undefined : v),
      z.string().trim().max(1000, 'Keep the address under 1,000 characters').optional(),
    ),
    personVersion: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine(refineSent)
  .superRefine((v, ctx) => {
    if (v.draftId !== undefined && v.draftVersion === undefined)
      ctx.addIssue({ code: 'custom', path: ['draftVersion'], message: 'A draft needs its version' });
    if (v.memberAddress !== undefined && v.personVersion === undefined)
      ctx.addIssue({ code: 'custom', path: ['personVersion'], message: 'Reload the page and try again' });
  });

export type LetterDocumentInput = z.input<typeof letterDocumentSchema>;
export type SaveLetterInput = z.output<typeof saveLetterSchema>;
