import { z } from 'zod';
import { aboutStepSchema, branchStepSchema, sanctionStepSchema, wantsStepSchema } from '../intake/schemas';
import { WANTS_LABELS, keysOf } from './labels';
import { STAFF_CONSENT_METHODS } from './consent-methods';

// Schemas for the member's details and the case's own details (edits), a case opened by staff for a
// member, and claim links. The intake's step schemas are reused, so a field means the same everywhere.

const id = z.string().min(1).max(40);
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => v || undefined);
const optionalEmail = z
  .string()
  .trim()
  .max(254, 'The email address must be at most 254 characters')
  .optional()
  .transform((v) => v?.toLowerCase() || undefined)
  .refine(
    (v) => !v || z.email().safeParse(v).success,
    'Enter an email address like name@example.com, or leave it blank',
  );

/** A day as YYYY-MM-DD (a date input), not in the future. */
const pastDay = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    // A day that exists (JavaScript would read 31 February as 2 March) and not before 2000.
    .refine((v) => {
      const d = new Date(`${v}T12:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '2000-01-01';
    }, message)
    .refine(
      (v) => v <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      'The date cannot be in the future',
    );

export { STAFF_CONSENT_METHODS };

/** The person's details as one form: name, membership number, phone, postal address, region, branch, roles. */
export const personDetailsShape = {
  ...aboutStepSchema.shape,
  email: optionalEmail,
  postalAddress: optionalText(500, 'The postal address'),
  ...branchStepSchema.shape,
};

export const updatePersonSchema = z
  .object({ caseId: id, version: z.number().int().min(1), ...personDetailsShape })
  .strict();
export type UpdatePersonInput = z.input<typeof updatePersonSchema>;

export const consentShape = {
  consentMethod: z.enum(STAFF_CONSENT_METHODS, { error: 'Choose how the member agreed' }),
  consentGivenOn: pastDay('Enter the date the member agreed, like 3 March 2026'),
  consentNote: optionalText(2000, 'The note'),
};

export const updateCaseDetailsSchema = z
  .object({
    caseId: id,
    version: z.number().int().min(1),
    wants: z.array(z.enum(keysOf(WANTS_LABELS))).min(1, 'Choose at least one thing the member wants'),
    summary: optionalText(10_000, 'The summary'),
    // Only on a case opened by staff (the member agreed to them, not online): all three, or none.
    consent: z.object(consentShape).strict().optional(),
  })
  .strict();
export type UpdateCaseDetailsInput = z.input<typeof updateCaseDetailsSchema>;

/** A case opened by staff for a member: a new person (name required) or an existing one they can see. */
export const createCaseForMemberSchema = z
  .object({
    personId: id.optional().or(z.literal('').transform(() => undefined)),
    ...personDetailsShape,
    fullName: z
      .string()
      .trim()
      .max(120, 'The name must be at most 120 characters')
      .optional()
      .transform((v) => v || undefined),
    ...sanctionStepSchema.shape,
    ...wantsStepSchema.shape,
    wants: z.array(z.enum(keysOf(WANTS_LABELS))).min(1, 'Choose at least one thing the member wants'),
    ...consentShape,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.personId && !v.fullName)
      ctx.addIssue({ code: 'custom', path: ['fullName'], message: 'Enter the member’s full name' });
  });
export type CreateCaseForMemberInput = z.input<typeof createCaseForMemberSchema>;
export type CreateCaseForMemberData = z.output<typeof createCaseForMemberSchema>;

export const createClaimLinkSchema = z.object({ caseId: id, email: optionalEmail }).strict();
export const revokeClaimLinkSchema = z.object({ claimId: id }).strict();
export const claimCaseSchema = z.object({ token: z.string().min(1).max(200) }).strict();
