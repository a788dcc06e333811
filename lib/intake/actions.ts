'use server';

import { revalidatePath } from 'next/cache';
import { authedAction } from '../action';
import { intakeDraftSchema, intakeSchema } from './schemas';
import { saveIntakeDraft } from './save-intake-draft';
import { submitIntake } from './submit-intake';

export const saveIntakeDraftAction = authedAction(intakeDraftSchema, async (input, ctx) => saveIntakeDraft(ctx.user, input, ctx));

export const submitIntakeAction = authedAction(intakeSchema, async (input, ctx) => {
  const result = await submitIntake(ctx.user, input, ctx);
  revalidatePath('/cases');
  return result;
});
