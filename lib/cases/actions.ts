'use server';

import { authedAction } from '../action';
import { assignSchema, consentSchema, unassignSchema, updateCaseStageSchema } from './schemas';
import { updateCaseStage } from './update-case-stage';
import { setConsent } from './set-consent';
import { assignCaseworker, unassignCaseworker } from './assign-caseworker';

const revalidate = { revalidate: '/cases' };

export const updateCaseStageAction = authedAction(
  updateCaseStageSchema,
  (input, ctx) => updateCaseStage(ctx.user, input, ctx),
  revalidate,
);
export const setConsentAction = authedAction(
  consentSchema,
  (input, ctx) => setConsent(ctx.user, input, ctx),
  revalidate,
);
export const assignCaseworkerAction = authedAction(
  assignSchema,
  (input, ctx) => assignCaseworker(ctx.user, input, ctx),
  revalidate,
);
export const unassignCaseworkerAction = authedAction(
  unassignSchema,
  (input, ctx) => unassignCaseworker(ctx.user, input, ctx),
  revalidate,
);
