import { z } from 'zod';

// The member's request names nothing: it is always about the caller (anything sent is refused).
export const requestErasureSchema = z
  .object({ confirm: z.literal(true, 'Tick the box to say you understand.') })
  .strict();

const id = z.string().trim().min(1).max(40);

export const approveErasureSchema = z.object({ requestId: id }).strict();

/** Also "finish an erasure that stopped part-way" (it re-runs the same, idempotent step). */
export const finishErasureSchema = z.object({ requestId: id }).strict();

export const refuseErasureSchema = z
  .object({
    requestId: id,
    reason: z
      .string()
      .trim()
      .min(10, 'Say why, in a sentence the member will read (for example, an appeal is still running).')
      .max(2000, 'Please keep the reason under 2,000 characters.'),
  })
  .strict();

/** A coordinator logs a request the person made by letter, email or phone: who, by a case reference, email or number. */
export const logErasureRequestSchema = z
  .object({
    who: z
      .string()
      .trim()
      .min(3, 'Type one of their case references (RS-…), their email address or their membership number.')
      .max(200, 'That is too long for a reference, an email address or a membership number.'),
  })
  .strict();

export type LogErasureRequestFields = z.input<typeof logErasureRequestSchema>;

export type RefuseErasureInput = z.infer<typeof refuseErasureSchema>;
