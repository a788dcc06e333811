'use server';

import { authedAction } from '../action';
import { linkCasesSchema, unlinkCasesSchema } from './schemas';
import { linkCases, unlinkCases } from './case-link-services';

const revalidate = { revalidate: '/cases' };

export const linkCasesAction = authedAction(
  linkCasesSchema,
  (input, ctx) => linkCases(ctx.user, input, ctx),
  revalidate,
);
export const unlinkCasesAction = authedAction(
  unlinkCasesSchema,
  (input, ctx) => unlinkCases(ctx.user, input, ctx),
  revalidate,
);
