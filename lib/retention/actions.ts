'use server';

import { authedAction } from '../action';
import { keepCaseSchema, retentionSettingsSchema } from './schemas';
import { keepCase, setRetentionMonths } from './retention';

// Retention of closed cases: coordinators only (everyone else is answered "not found").
const revalidate = { revalidate: '/retention' };

export const setRetentionMonthsAction = authedAction(
  retentionSettingsSchema,
  (input, ctx) => setRetentionMonths(ctx.user, input, ctx),
  revalidate,
);
export const keepCaseAction = authedAction(keepCaseSchema, (input, ctx) => keepCase(ctx.user, input, ctx), revalidate);
