'use server';

import { authedAction } from '../action';
import { previewLetterSchema, saveLetterSchema } from './schemas';
import { previewLetter, saveLetter } from './letter-services';

const revalidate = { revalidate: '/cases' };

/** Fills the chosen template with the person's values, for review. Nothing is written. */
export const previewLetterAction = authedAction(previewLetterSchema, (input, ctx) => previewLetter(ctx.user, input));
/** Files the reviewed letter on the case as sent (timeline event, text, PDF). */
export const saveLetterAction = authedAction(saveLetterSchema, (input, ctx) => saveLetter(ctx.user, input, ctx), revalidate);
