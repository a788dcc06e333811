'use server';

import { authedAction } from '../action';
import {
  deadlineSettingsSchema,
  sarExtensionSchema,
  unwaiveDeadlineSchema,
  waiveDeadlineSchema,
  waiveDeadlinesSchema,
} from './schemas';
import { setSarExtension, unwaiveDeadline, updateDeadlineSettings, waiveDeadline } from './deadline-services';
import { waiveDeadlines } from './waive-deadlines';

const revalidate = { revalidate: '/cases' };

export const waiveDeadlineAction = authedAction(
  waiveDeadlineSchema,
  (input, ctx) => waiveDeadline(ctx.user, input, ctx),
  revalidate,
);
/** Several at once (checkboxes and one reason): each checked against its own case; all or none. */
export const waiveDeadlinesAction = authedAction(
  waiveDeadlinesSchema,
  (input, ctx) => waiveDeadlines(ctx.user, input, ctx),
  revalidate,
);
export const unwaiveDeadlineAction = authedAction(
  unwaiveDeadlineSchema,
  (input, ctx) => unwaiveDeadline(ctx.user, input, ctx),
  revalidate,
);
export const setSarExtensionAction = authedAction(
  sarExtensionSchema,
  (input, ctx) => setSarExtension(ctx.user, input, ctx),
  revalidate,
);
export const updateDeadlineSettingsAction = authedAction(
  deadlineSettingsSchema,
  (input, ctx) => updateDeadlineSettings(ctx.user, input, ctx),
  revalidate,
);
