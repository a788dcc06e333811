import { z } from 'zod';
import { partialDateSchema } from '../dates/partial-date';
import { EVENT_TYPE_LABELS, keysOf } from '../cases/labels';

const id = z.string().min(1).max(40);

export const eventFieldsSchema = z.object({
  type: z.enum(keysOf(EVENT_TYPE_LABELS), { error: 'Choose what kind of event this was' }),
  // A hearing can be booked for a later date; everything else has already happened.
  date: partialDateSchema({ allowFutureDays: 730 }),
  title: z.string().trim().min(1, 'Give it a short title').max(200, 'Keep the title under 200 characters'),
  details: z.string().trim().max(20_000, 'Keep the details under 20,000 characters').optional().transform((v) => v || undefined),
  caseworkersOnly: z.boolean().default(false),
});

const refineFuture = <T extends { type: string; date: { year?: number; month?: number; day?: number; precision: string } }>(v: T, ctx: z.RefinementCtx) => {
  if (v.type === 'HEARING_SCHEDULED') return;
  const d = v.date;
  const earliest = Date.UTC(d.year ?? 1900, (d.precision === 'DAY' || d.precision === 'MONTH' ? (d.month ?? 1) : 1) - 1, d.precision === 'DAY' ? (d.day ?? 1) : 1);
  if (earliest > Date.now()) ctx.addIssue({ code: 'custom', path: ['date', 'year'], message: 'That date is in the future. Enter when it happened.' });
};

export const addEventSchema = z.object({ caseId: id, ...eventFieldsSchema.shape }).strict().superRefine(refineFuture);
export const updateEventSchema = z.object({ eventId: id, version: z.number().int().min(1), ...eventFieldsSchema.shape }).strict().superRefine(refineFuture);
export const deleteEventSchema = z.object({ eventId: id, version: z.number().int().min(1) }).strict();

export type EventFieldsInput = z.input<typeof eventFieldsSchema>;
export type AddEventInput = z.output<typeof addEventSchema>;
export type UpdateEventInput = z.output<typeof updateEventSchema>;
