import { z } from 'zod';
import { choicesSchema } from './plan';

export const startBundleSchema = z
  .object({
    caseId: z.string().min(1).max(40),
    purpose: z.enum(['APPEAL', 'REINSTATEMENT_REVIEW', 'SAR_FOLLOW_UP'], { error: 'Choose what the bundle is for' }),
    audience: z.enum(['OUTSIDE', 'MEMBER', 'STAFF'], { error: 'Choose who the bundle is for' }),
    choices: choicesSchema,
  })
  .strict();

export const startReviewSchema = z.object({ caseId: z.string().min(1).max(40) }).strict();
export const startReviewPackSchema = z
  .object({
    caseIds: z
      .array(z.string().min(1).max(40))
      .min(1, 'Choose at least one case')
      .max(200, 'Choose at most 200 cases for one pack'),
  })
  .strict();
