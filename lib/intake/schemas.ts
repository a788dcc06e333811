import { z } from 'zod';
import { INTAKE_STEPS } from './steps';
import { partialDateSchema } from '../dates/partial-date-schema';
import { BODY_LABELS, REASON_LABELS, ROLES_HELD, SANCTION_TYPE_LABELS, WANTS_LABELS, keysOf } from '../cases/labels';

// One schema for the intake form (each step validated in the browser) and the server action.
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => v || undefined);

export const aboutStepSchema = z.object({
  fullName: z.string().trim().min(1, 'Enter your full name').max(120, 'Your name must be at most 120 characters'),
  membershipNumber: optionalText(40, 'The membership number').refine(
    (v) => !v || /^[A-Za-z0-9 \-\/]+$/.test(v),
    'Use only letters, numbers, spaces, dashes or slashes',
  ),
  phone: optionalText(40, 'The phone number').refine(
    (v) => !v || /^[0-9 +()\-]+$/.test(v),
    'Use only numbers, spaces and + ( ) -',
  ),
});

export const branchStepSchema = z.object({
  regionId: optionalText(40, 'Region'),
  branchId: optionalText(40, 'Branch'),
  rolesHeld: z.array(z.enum(ROLES_HELD)).max(ROLES_HELD.length).default([]),
});

export const sanctionStepSchema = z.object({
  sanctionType: z.enum(keysOf(SANCTION_TYPE_LABELS), { error: 'Choose what was done to you' }),
  imposedOn: partialDateSchema(),
  imposedBy: z.enum(keysOf(BODY_LABELS), { error: 'Choose who did it, or "Someone else / not sure"' }),
  reasonCategory: z.enum(keysOf(REASON_LABELS), { error: 'Choose the reason they gave, or "Another reason"' }),
  reasonText: optionalText(5000, 'The wording'),
});

export const wantsStepSchema = z.object({
  wants: z.array(z.enum(keysOf(WANTS_LABELS))).min(1, 'Choose at least one thing you want'),
  summary: optionalText(10_000, 'This'),
});

export const consentStepSchema = z.object({
  consent: z.literal(true, { error: 'Tick the box so that the network’s caseworkers can help you' }),
});

export { INTAKE_STEPS };

export const intakeSchema = z
  .object({
    ...aboutStepSchema.shape,
    ...branchStepSchema.shape,
    ...sanctionStepSchema.shape,
    ...wantsStepSchema.shape,
    ...consentStepSchema.shape,
  })
  .strict();

export type IntakeInput = z.input<typeof intakeSchema>;
export type IntakeData = z.output<typeof intakeSchema>;

// A draft holds whatever has been typed so far: every field optional, sizes still bounded,
// unknown fields refused rather than silently dropped.
// Browsers report unticked radios as null: accepted in a draft, still refused on submit.
const draftString = (max: number) => z.string().max(max).nullish();
export const intakeDraftSchema = z
  .object({
    step: z
      .number()
      .int()
      .min(0)
      .max(INTAKE_STEPS.length - 1),
    data: z
      .object({
        fullName: draftString(120),
        membershipNumber: draftString(40),
        phone: draftString(40),
        regionId: draftString(40),
        branchId: draftString(40),
        rolesHeld: z.array(z.string().max(40)).max(20).nullish(),
        sanctionType: draftString(40),
        imposedOn: z
          .object({
            precision: draftString(20),
            year: z.union([z.string().max(6), z.number()]).nullish(),
            month: z.union([z.string().max(4), z.number()]).nullish(),
            day: z.union([z.string().max(4), z.number()]).nullish(),
          })
          .strict()
          .nullish(),
        imposedBy: draftString(40),
        reasonCategory: draftString(40),
        reasonText: draftString(5000),
        wants: z.array(z.string().max(40)).max(5).nullish(),
        summary: draftString(10_000),
        consent: z.boolean().nullish(),
      })
      .strict(),
  })
  .strict();

export type IntakeDraftInput = z.input<typeof intakeDraftSchema>;

/** Discarding names no draft: the server finds the caller's own, so there is nothing else to send. */
export const discardIntakeDraftSchema = z.object({}).strict();
