import { z } from 'zod';
import { MAX_DAYS, MIN_DAYS } from './limits';
import { BodyKind } from '../db/generated/enums';
import { JURISDICTIONS } from '../deadlines/jurisdictions';

// The organisation's settings (coordinators only): one schema per form, shared by the browser and the
// server. Two coordinators may edit at once and these records have no version column, so each edit
// carries the values as they were loaded (`was`): the change is written only if the record still holds
// them (compare-and-set), otherwise the second person is told and nothing is changed.

const id = z.string().min(1).max(40);
const blankToUndefined = (v: unknown) =>
  v === '' || v === null || (typeof v === 'number' && Number.isNaN(v)) ? undefined : v;
const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Keep ${what} under ${max.toLocaleString('en-GB')} characters`);
const optionalText = (what: string, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(max, `Keep ${what} under ${max.toLocaleString('en-GB')} characters`)
      .optional(),
  );
const days = (what: string, example: number) =>
  z.coerce
    .number({ error: `Enter the ${what} as a whole number of days, like ${example}` })
    .int(`Enter a whole number of days, like ${example}`)
    .min(MIN_DAYS, `The ${what} must be at least ${MIN_DAYS} days`)
    .max(MAX_DAYS, `The ${what} must be ${MAX_DAYS} days or fewer`);

export { MIN_DAYS, MAX_DAYS };

export const organisationFieldsSchema = z.object({
  name: text('the party’s name', 120),
  jurisdiction: z.enum(JURISDICTIONS as [string, ...string[]], { error: 'Choose whose bank holidays are counted' }),
  defaultResponseDays: days('reply window', 14),
  defaultAppealDays: days('appeal window', 21),
});
const organisationWas = z
  .object({
    name: z.string().max(500),
    jurisdiction: z.enum(JURISDICTIONS as [string, ...string[]]),
    defaultResponseDays: z.number().int(),
    defaultAppealDays: z.number().int(),
  })
  .strict();
export const updateOrganisationSchema = organisationFieldsSchema.extend({ was: organisationWas }).strict();

export const bodyFieldsSchema = z.object({
  name: text('the name', 200),
  postalAddress: optionalText('the address', 1000),
  email: z.preprocess(
    blankToUndefined,
    z.email({ error: 'Enter an email address like glu@party.example, or leave it blank' }).max(200).optional(),
  ),
});
const bodyWas = z
  .object({
    name: z.string().max(500),
    postalAddress: z.string().max(2000).nullable(),
    email: z.string().max(500).nullable(),
  })
  .strict();
/** A body of the party: an existing one (at the values loaded), or a new one of a kind not recorded yet (`was: null`). */
export const saveBodySchema = bodyFieldsSchema
  .extend({ kind: z.enum(Object.keys(BodyKind) as [BodyKind, ...BodyKind[]]), was: bodyWas.nullable() })
  .strict();

export const regionFieldsSchema = z.object({ name: text('the region’s name', 120) });
export const createRegionSchema = regionFieldsSchema.strict();
export const renameRegionSchema = regionFieldsSchema
  .extend({ regionId: id, was: z.object({ name: z.string().max(500) }).strict() })
  .strict();

export const branchFieldsSchema = z.object({
  name: text('the branch’s name', 120),
  regionId: z.string({ error: 'Choose the region' }).min(1, 'Choose the region').max(40),
  constituency: optionalText('the constituency', 120),
  memberCount: z.coerce
    .number({ error: 'Enter the number of members as a whole number, like 240' })
    .int('Enter a whole number, like 240')
    .min(0, 'The number of members cannot be below 0')
    .max(1_000_000, 'Enter a number of members below 1,000,000'),
});
const branchWas = z
  .object({
    name: z.string().max(500),
    regionId: z.string().max(40),
    constituency: z.string().max(500).nullable(),
    memberCount: z.number().int(),
  })
  .strict();
export const createBranchSchema = branchFieldsSchema.strict();
export const updateBranchSchema = branchFieldsSchema.extend({ branchId: id, was: branchWas }).strict();

export type OrganisationFields = z.input<typeof organisationFieldsSchema>;
export type BodyFields = z.input<typeof bodyFieldsSchema>;
export type BranchFields = z.input<typeof branchFieldsSchema>;
