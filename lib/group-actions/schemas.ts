import { z } from 'zod';
import { partialDateSchema } from '../dates/partial-date-schema';
import {
  BODY_LABELS,
  EVENT_TYPE_LABELS,
  GROUP_MEASURE_LABELS,
  REASON_LABELS,
  SANCTION_TYPE_LABELS,
  keysOf,
} from '../cases/labels';

const id = z.string().min(1).max(40);
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${what} under ${max.toLocaleString('en-GB')} characters`)
    .optional()
    .transform((v) => v || undefined);

/** What the party did to a whole branch or group, and which branches it hit. */
export const groupActionFieldsSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Give it a short title, like “Two branches suspended after the motion”')
    .max(200, 'Keep the title under 200 characters'),
  sanctionType: z.enum(keysOf(SANCTION_TYPE_LABELS), { error: 'Choose what was imposed' }),
  measures: z
    .array(z.enum(keysOf(GROUP_MEASURE_LABELS)))
    .max(10)
    .default([])
    .transform((m) => [...new Set(m)]),
  imposedOn: partialDateSchema(),
  imposedBy: z.preprocess(blankToUndefined, z.enum(keysOf(BODY_LABELS), { error: 'Choose who imposed it' }).optional()),
  reasonCategory: z.preprocess(
    blankToUndefined,
    z.enum(keysOf(REASON_LABELS), { error: 'Choose the reason given' }).optional(),
  ),
  /** The facts every linked member may read. */
  summary: optionalText(5_000, 'the summary'),
  branchIds: z
    .array(id, { error: 'Choose the branches it hit' })
    .min(1, 'Choose at least one branch it hit')
    .max(50)
    .transform((b) => [...new Set(b)]),
});

export const createGroupActionSchema = groupActionFieldsSchema.strict();
export const updateGroupActionSchema = z
  .object({ groupActionId: id, version: z.number().int().min(1), ...groupActionFieldsSchema.shape })
  .strict();

export const linkGroupCaseSchema = z
  .object({
    groupActionId: id,
    caseReference: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^RS-\d{4}-\d{4,6}$/, 'Enter a case reference like RS-2026-0042'),
  })
  .strict();
export const unlinkGroupCaseSchema = z.object({ groupActionId: id, caseId: id }).strict();

/** Something that happened to the whole group: a letter from the party, a hearing. */
export const groupEventFieldsSchema = z.object({
  type: z.enum(keysOf(EVENT_TYPE_LABELS), { error: 'Choose what kind of event this was' }),
  date: partialDateSchema({ allowFutureDays: 730 }),
  title: z.string().trim().min(1, 'Give it a short title').max(200, 'Keep the title under 200 characters'),
  details: optionalText(20_000, 'the details'),
  caseworkersOnly: z.boolean({ error: 'Say whether only caseworkers may see this' }).default(false),
});

/** A hearing can be booked ahead; everything else has already happened. */
const refineGroupEvent = (
  v: { type: string; date: { year?: number; month?: number; day?: number; precision: string } },
  ctx: z.RefinementCtx,
) => {
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
};

export const groupEventFormSchema = groupEventFieldsSchema.strict().superRefine(refineGroupEvent);
export const addGroupEventSchema = z
  .object({ groupActionId: id, ...groupEventFieldsSchema.shape })
  .strict()
  .superRefine(refineGroupEvent);
// Who may see it is required on an edit: leaving it out never quietly shares a caseworker-only event.
export const updateGroupEventSchema = z
  .object({
    groupEventId: id,
    version: z.number().int().min(1),
    ...groupEventFieldsSchema.shape,
    caseworkersOnly: z.boolean({ error: 'Say whether only caseworkers may see this' }),
  })
  .strict()
  .superRefine(refineGroupEvent);
export const deleteGroupEventSchema = z.object({ groupEventId: id, version: z.number().int().min(1) }).strict();

export type GroupActionFieldsInput = z.input<typeof groupActionFieldsSchema>;
export type GroupActionFields = z.output<typeof groupActionFieldsSchema>;
export type GroupEventFieldsInput = z.input<typeof groupEventFieldsSchema>;
export type AddGroupEventInput = z.output<typeof addGroupEventSchema>;
export type UpdateGroupEventInput = z.output<typeof updateGroupEventSchema>;
