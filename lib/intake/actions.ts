'use server';

import { authedAction } from '../action';
import { discardIntakeDraftSchema, intakeDraftSchema, intakeSchema } from './schemas';
import { saveIntakeDraft } from './save-intake-draft';
import { submitIntake } from './submit-intake';
import { discardIntakeDraft } from './discard-intake-draft';

export const saveIntakeDraftAction = authedAction(intakeDraftSchema, (input, ctx) =>
  saveIntakeDraft(ctx.user, input, ctx),
);
export const submitIntakeAction = authedAction(intakeSchema, (input, ctx) => submitIntake(ctx.user, input, ctx), {
  revalidate: '/cases',
});
export const discardIntakeDraftAction = authedAction(
  discardIntakeDraftSchema,
  (_input, ctx) => discardIntakeDraft(ctx.user, ctx),
  { revalidate: '/cases' },
);
