'use server';

import { authedAction } from '../action';
import { previewLetterSchema, saveLetterSchema } from './schemas';
import { previewLetter, saveLetter } from './letter-services';
import { discardLetterDraftSchema, saveLetterDraftSchema } from './draft-schemas';
import { discardLetterDraft, saveLetterDraft } from './letter-drafts';

const revalidate = { revalidate: '/cases' };

/** Fills the chosen template with the person's values, for review. Nothing is written. */
export const previewLetterAction = authedAction(previewLetterSchema, (input, ctx) => previewLetter(ctx.user, input));
/** Files the reviewed letter on the case as sent (timeline event, text, PDF). */
export const saveLetterAction = authedAction(
  saveLetterSchema,
  (input, ctx) => saveLetter(ctx.user, input, ctx),
  revalidate,
);
/** Saves the letter form as typed, to come back to (a new draft, or the one opened at its version). */
export const saveLetterDraftAction = authedAction(
  saveLetterDraftSchema,
  (input, ctx) => saveLetterDraft(ctx.user, input, ctx),
  revalidate,
);
/** Discards a draft on purpose. */
export const discardLetterDraftAction = authedAction(
  discardLetterDraftSchema,
  (input, ctx) => discardLetterDraft(ctx.user, input, ctx),
  revalidate,
);
