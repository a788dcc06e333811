import { z } from 'zod';

const id = z.string().min(1).max(40);
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const optionalDay = (what: string) =>
  z.preprocess(blankToUndefined, z.iso.date({ error: `Enter the date ${what}, like 21/11/2026` }).optional());

/** A branch the case belonged to, for a time (either end may be unknown). */
export const caseBranchFieldsSchema = z.object({
  branchId: id.or(z.literal('')).refine((v) => v !== '', 'Choose the branch'),
  fromOn: optionalDay('they joined it'),
  untilOn: optionalDay('they left it'),
});

const refineRange = (v: { fromOn?: string; untilOn?: string }, ctx: z.RefinementCtx) => {
  if (v.fromOn && v.untilOn && v.untilOn < v.fromOn)
    ctx.addIssue({ code: 'custom', path: ['untilOn'], message: 'They cannot have left before they joined' });
};

export const caseBranchFormSchema = caseBranchFieldsSchema.strict().superRefine(refineRange);
export const addCaseBranchSchema = z
  .object({ caseId: id, ...caseBranchFieldsSchema.shape })
  .strict()
  .superRefine(refineRange);
export const removeCaseBranchSchema = z.object({ caseBranchId: id }).strict();

export type AddCaseBranchInput = z.output<typeof addCaseBranchSchema>;
