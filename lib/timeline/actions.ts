'use server';

import { authedAction } from '../action';
import { addEventSchema, deleteEventSchema, moveEventSchema, updateEventSchema } from './schemas';
import { addEvent, deleteEvent, updateEvent } from './event-services';
import { moveEvent } from './move-event';

const revalidate = { revalidate: '/cases' };

export const addEventAction = authedAction(addEventSchema, (input, ctx) => addEvent(ctx.user, input, ctx), revalidate);
export const updateEventAction = authedAction(
  updateEventSchema,
  (input, ctx) => updateEvent(ctx.user, input, ctx),
  revalidate,
);
export const deleteEventAction = authedAction(
  deleteEventSchema,
  (input, ctx) => deleteEvent(ctx.user, input, ctx),
  revalidate,
);
/** Staff put entries on the same day in order by hand, one place at a time. */
export const moveEventAction = authedAction(
  moveEventSchema,
  (input, ctx) => moveEvent(ctx.user, input, ctx),
  revalidate,
);
