'use server';

import { authedAction } from '../action';
import { intakeDraftSchema, intakeSchema } from './schemas';
import { saveIntakeDraft } from './save-intake-draft';
import { submitIntake } from './submit-intake';

export const saveIntakeDraftAction = authedAction(intakeDraftSchema, (input, ctx) => saveIntakeDraft(ctx.user, input, ctx));
export const submitIntakeAction = authedAction(intakeSchema, (input, ctx) => submitIntake(ctx.user, input, ctx), { revalidate: '/cases' });
