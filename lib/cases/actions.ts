'use server';

import { revalidatePath } from 'next/cache';
import { authedAction } from '../action';
import { assignSchema, consentSchema, unassignSchema, updateCaseStatusSchema } from './schemas';
import { updateCaseStatus } from './update-case-status';
import { setConsent } from './set-consent';
import { assignCaseworker, unassignCaseworker } from './assign-caseworker';

const refresh = () => revalidatePath('/cases', 'layout');

export const updateCaseStatusAction = authedAction(updateCaseStatusSchema, async (input, ctx) => {
  const r = await updateCaseStatus(ctx.user, input, ctx);
  refresh();
  return r;
});

export const setConsentAction = authedAction(consentSchema, async (input, ctx) => {
  const r = await setConsent(ctx.user, input, ctx);
  refresh();
  return r;
});

export const assignCaseworkerAction = authedAction(assignSchema, async (input, ctx) => {
  const r = await assignCaseworker(ctx.user, input, ctx);
  refresh();
  return r;
});

export const unassignCaseworkerAction = authedAction(unassignSchema, async (input, ctx) => {
  const r = await unassignCaseworker(ctx.user, input, ctx);
  refresh();
  return r;
});
