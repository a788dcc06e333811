'use server';

import { revalidatePath } from 'next/cache';
import { authedAction } from '../action';
import { addEventSchema, deleteEventSchema, updateEventSchema } from './schemas';
import { addEvent, deleteEvent, updateEvent } from './event-services';

const refresh = () => revalidatePath('/cases', 'layout');

export const addEventAction = authedAction(addEventSchema, async (input, ctx) => {
  const r = await addEvent(ctx.user, input, ctx);
  refresh();
  return r;
});

export const updateEventAction = authedAction(updateEventSchema, async (input, ctx) => {
  const r = await updateEvent(ctx.user, input, ctx);
  refresh();
  return r;
});

export const deleteEventAction = authedAction(deleteEventSchema, async (input, ctx) => {
  const r = await deleteEvent(ctx.user, input, ctx);
  refresh();
  return r;
});
