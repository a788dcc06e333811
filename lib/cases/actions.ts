'use server';

import { authedAction } from '../action';
import { assignSchema, consentSchema, unassignSchema, updateCaseStatusSchema } from './schemas';
import { updateCaseStatus } from './update-case-status';
import { setConsent } from './set-consent';
import { assignCaseworker, unassignCaseworker } from './assign-caseworker';

const revalidate = { revalidate: '/cases' };

export const updateCaseStatusAction = authedAction(updateCaseStatusSchema, (input, ctx) => updateCaseStatus(ctx.user, input, ctx), revalidate);
export const setConsentAction = authedAction(consentSchema, (input, ctx) => setConsent(ctx.user, input, ctx), revalidate);
export const assignCaseworkerAction = authedAction(assignSchema, (input, ctx) => assignCaseworker(ctx.user, input, ctx), revalidate);
export const unassignCaseworkerAction = authedAction(unassignSchema, (input, ctx) => unassignCaseworker(ctx.user, input, ctx), revalidate);
