'use server';

import { authedAction } from '../action';
import { addCaseBranchSchema, removeCaseBranchSchema } from './schemas';
import { addCaseBranch, removeCaseBranch } from './case-branch-services';

const revalidate = { revalidate: '/cases' };

export const addCaseBranchAction = authedAction(
  addCaseBranchSchema,
  (input, ctx) => addCaseBranch(ctx.user, input, ctx),
  revalidate,
);
export const removeCaseBranchAction = authedAction(
  removeCaseBranchSchema,
  (input, ctx) => removeCaseBranch(ctx.user, input, ctx),
  revalidate,
);
