'use server';

import { authedAction } from '../action';
import { calendarFeedSchema } from './schemas';
import { createCalendarFeed, revokeCalendarFeeds } from './tokens';

/** Makes a new secret link (the previous one stops working) and returns it, this once. */
export const createCalendarFeedAction = authedAction(
  calendarFeedSchema,
  (_input, ctx) => createCalendarFeed(ctx.user, ctx),
  { revalidate: '/account' },
);

export const revokeCalendarFeedAction = authedAction(
  calendarFeedSchema,
  (_input, ctx) => revokeCalendarFeeds(ctx.user, ctx),
  { revalidate: '/account' },
);
