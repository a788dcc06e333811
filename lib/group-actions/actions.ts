'use server';

import { authedAction } from '../action';
import {
  addGroupEventSchema,
  createGroupActionSchema,
  deleteGroupEventSchema,
  linkGroupCaseSchema,
  unlinkGroupCaseSchema,
  updateGroupActionSchema,
  updateGroupEventSchema,
} from './schemas';
import { createGroupAction, updateGroupAction } from './group-action-services';
import { linkGroupCase, unlinkGroupCase } from './group-cases';
import { addGroupEvent, deleteGroupEvent, updateGroupEvent } from './group-events';

// Group actions change the timelines of every linked case: both lists are revalidated.
const revalidate = { revalidate: '/' };

export const createGroupActionAction = authedAction(
  createGroupActionSchema,
  (input, ctx) => createGroupAction(ctx.user, input, ctx),
  revalidate,
);
export const updateGroupActionAction = authedAction(
  updateGroupActionSchema,
  (input, ctx) => updateGroupAction(ctx.user, input, ctx),
  revalidate,
);
export const linkGroupCaseAction = authedAction(
  linkGroupCaseSchema,
  (input, ctx) => linkGroupCase(ctx.user, input, ctx),
  revalidate,
);
export const unlinkGroupCaseAction = authedAction(
  unlinkGroupCaseSchema,
  (input, ctx) => unlinkGroupCase(ctx.user, input, ctx),
  revalidate,
);
export const addGroupEventAction = authedAction(
  addGroupEventSchema,
  (input, ctx) => addGroupEvent(ctx.user, input, ctx),
  revalidate,
);
export const updateGroupEventAction = authedAction(
  updateGroupEventSchema,
  (input, ctx) => updateGroupEvent(ctx.user, input, ctx),
  revalidate,
);
export const deleteGroupEventAction = authedAction(
  deleteGroupEventSchema,
  (input, ctx) => deleteGroupEvent(ctx.user, input, ctx),
  revalidate,
);
