'use server';

import { authedAction } from '../action';
import { addSanctionSchema, updateSanctionSchema } from './schemas';
import { addSanction, updateSanction } from './sanction-services';

const revalidate = { revalidate: '/cases' };

export const addSanctionAction = authedAction(
  addSanctionSchema,
  (input, ctx) => addSanction(ctx.user, input, ctx),
  revalidate,
);
export const updateSanctionAction = authedAction(
  updateSanctionSchema,
  (input, ctx) => updateSanction(ctx.user, input, ctx),
  revalidate,
);
