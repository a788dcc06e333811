import { z } from 'zod';
import { partialDateSchema } from '../dates/partial-date-schema';
import { EVENT_TYPE_LABELS, keysOf } from '../cases/labels';
import { DECISION_OUTCOMES } from './decision-outcome';
import { DECISION_TYPES, RECEIPT_TYPES, WINDOW_TYPES } from './event-kinds';

const id = z.string().min(1).max(40);
const blankToUndefined = (v: unknown) =>
  v === '' || v === null || (typeof v === 'number' && Number.isNaN(v)) ? undefined : v;

/**
 * Who may see an item, and its privilege marks. On create they default to "shared, not marked"; on
 * update they are required, so an edit that leaves them out cannot quietly make a hidden item shared.
 */
const privacyRequired = z.object({
  caseworkersOnly: z.boolean({ error: 'Say whether only caseworkers may see this' }),
  privileged: z.boolean({ error: 'Say whether this is privileged' }),
  withoutPrejudice: z.boolean({ error: 'Say whether this is “without prejudice”' }),
});
const privacyDefaulted = z.object({
  caseworkersOnly: privacyRequired.shape.caseworkersOnly.default(false),
  privileged: privacyRequired.shape.privileged.default(false),
  withoutPrejudice: privacyRequired.shape.withoutPrejudice.default(false),
});
export function privacyFieldsSchema(required: true): typeof privacyRequired;
export function privacyFieldsSchema(required: false): typeof privacyDefaulted;
export function privacyFieldsSchema(required: boolean) {
  return required ? privacyRequired : privacyDefaulted;
}

export const eventFieldsSchema = z.object({
  type: z.enum(keysOf(EVENT_TYPE_LABELS), { error: 'Choose what kind of event this was' }),
  // A hearing can be booked for a later date; everything else has already happened.
  date: partialDateSchema({ allowFutureDays: 730 }),
  title: z.string().trim().min(1, 'Give it a short title').max(200, 'Keep the title under 200 characters'),
  details: z
    .string()
    .trim()
    .max(20_000, 'Keep the details under 20,000 characters')
    .optional()
    .transform((v) => v || undefined),
  ...privacyFieldsSchema(false).shape,
  // The reply window a notice of investigation states ("within 14 days"), when the person knows it.
  windowDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'Enter the number of days as a whole number, like 14' })
      .int('Enter a whole number of days, like 14')
      .min(1, 'The window must be at least 1 day')
      .max(365, 'The window must be 365 days or fewer')
      .optional(),
  ),
  // When the letter actually arrived (or the SAR reached them), if not on the date above. Deadlines count from receipt.
  receivedOn: z.preprocess(
    blankToUndefined,
    z.iso.date({ error: 'Enter the date it was received, like 21/11/2026' }).optional(),
  ),
  // A decision or an appeal decision: did it go against the member? Only one that did (or "not sure") opens an appeal window.
  decisionOutcome: z.preprocess(
    blankToUndefined,
    z.enum(DECISION_OUTCOMES, { error: 'Say whether the decision went against the member' }).optional(),
  ),
});

export { DECISION_TYPES, RECEIPT_TYPES, WINDOW_TYPES };

type RefinableEvent = {
  type: string;
  date: { year?: number; month?: number; day?: number; precision: string };
  windowDays?: number;
  receivedOn?: string;
  decisionOutcome?: string;
};

/** Checks that need more than one field. Nothing typed is ignored: a value that does not apply is an error. */
export const refineEvent = <T extends RefinableEvent>(v: T, ctx: z.RefinementCtx) => {
  const d = v.date;
  const earliest = Date.UTC(
    d.year ?? 1900,
    (d.precision === 'DAY' || d.precision === 'MONTH' ? (d.month ?? 1) : 1) - 1,
    d.precision === 'DAY' ? (d.day ?? 1) : 1,
  );
  if (v.type !== 'HEARING_SCHEDULED' && earliest > Date.now())
    ctx.addIssue({
      code: 'custom',
      path: ['date', 'year'],
      message: 'That date is in the future. Enter when it happened.',
    });
  if (v.windowDays !== undefined && !(WINDOW_TYPES as readonly string[]).includes(v.type)) {
    ctx.addIssue({
      code: 'custom',
      path: ['windowDays'],
      message: 'A reply window applies only to a notice of investigation or a letter sent',
    });
  }
  if (v.decisionOutcome !== undefined && !(DECISION_TYPES as readonly string[]).includes(v.type)) {
    ctx.addIssue({
      code: 'custom',
      path: ['decisionOutcome'],
      message: 'Whether it went against the member applies only to a decision or an appeal decision',
    });
  }
  if (v.receivedOn !== undefined) {
    if (!(RECEIPT_TYPES as readonly string[]).includes(v.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'A date of receipt applies only to a SAR, a notice of investigation or a decision',
      });
    } else if (d.precision !== 'DAY') {
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'Enter the exact date above before a date of receipt',
      });
    } else if (Date.parse(`${v.receivedOn}T00:00:00Z`) < earliest) {
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'It cannot have been received before the date above',
      });
    } else if (Date.parse(`${v.receivedOn}T00:00:00Z`) > Date.now()) {
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'That date is in the future. Enter when it was received.',
      });
    }
  }
};

export const addEventSchema = z
  .object({ caseId: id, ...eventFieldsSchema.shape })
  .strict()
  .superRefine(refineEvent);
export const updateEventSchema = z
  .object({
    eventId: id,
    version: z.number().int().min(1),
    ...eventFieldsSchema.shape,
    ...privacyFieldsSchema(true).shape,
  })
  .strict()
  .superRefine(refineEvent);
export const deleteEventSchema = z.object({ eventId: id, version: z.number().int().min(1) }).strict();
/** One place up or down among the entries on the same day; the neighbour as the person saw it (for conflicts). */
export const moveEventSchema = z
  .object({
    eventId: id,
    version: z.number().int().min(1),
    direction: z.enum(['up', 'down']),
    neighbourId: id,
    neighbourVersion: z.number().int().min(1),
  })
  .strict();

// The event form asks how a decision went and expects an answer ("Not sure yet" is one); the server, for callers that
// leave it out, records NOT_KNOWN, which opens the appeal window just the same.
export const eventFormSchema = eventFieldsSchema
  .strict()
  .superRefine(refineEvent)
  .superRefine((v, ctx) => {
    if ((DECISION_TYPES as readonly string[]).includes(v.type) && v.decisionOutcome === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['decisionOutcome'],
        message: 'Say whether the decision went against the member, or choose “Not sure yet”',
      });
    }
  });

export type EventFieldsInput = z.input<typeof eventFieldsSchema>;
export type AddEventInput = z.output<typeof addEventSchema>;
export type UpdateEventInput = z.output<typeof updateEventSchema>;
export type MoveEventInput = z.output<typeof moveEventSchema>;
