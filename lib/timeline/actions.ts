'use server';

import { authedAction } from '../action';
import { addEventSchema, deleteEventSchema, updateEventSchema } from './schemas';
import { addEvent, deleteEvent, updateEvent } from './event-services';

const revalidate = { revalidate: '/cases' };

export const addEventAction = authedAction(addEventSchema, (input, ctx) => addEvent(ctx.user, input, ctx), revalidate);
export const updateEventAction = authedAction(updateEventSchema, (input, ctx) => updateEvent(ctx.user, input, ctx), revalidate);
export const deleteEventAction = authedAction(deleteEventSchema, (input, ctx) => deleteEvent(ctx.user, input, ctx), revalidate);
