'use server';

import { authedAction } from '../action';
import { setReminderEmailsSchema } from './schemas';
import { setReminderEmails } from './preferences';

export const setReminderEmailsAction = authedAction(
  setReminderEmailsSchema,
  (input, ctx) => setReminderEmails(ctx.user, input.enabled, ctx),
  { revalidate: '/account' },
);
