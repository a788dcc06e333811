'use server';

import { authedAction } from '../action';
import {
  createBranchSchema,
  createRegionSchema,
  renameRegionSchema,
  saveBodySchema,
  updateBranchSchema,
  updateOrganisationSchema,
} from './schemas';
import { updateOrganisation } from './update-organisation';
import { saveBody } from './save-body';
import { createRegion, renameRegion } from './save-region';
import { createBranch, updateBranch } from './save-branch';

// The organisation's settings: coordinators only (everyone else is answered "not found").
const revalidate = { revalidate: '/' };

export const updateOrganisationAction = authedAction(
  updateOrganisationSchema,
  (input, ctx) => updateOrganisation(ctx.user, input, ctx),
  revalidate,
);
export const saveBodyAction = authedAction(saveBodySchema, (input, ctx) => saveBody(ctx.user, input, ctx), revalidate);
export const createRegionAction = authedAction(
  createRegionSchema,
  (input, ctx) => createRegion(ctx.user, input, ctx),
  revalidate,
);
export const renameRegionAction = authedAction(
  renameRegionSchema,
  (input, ctx) => renameRegion(ctx.user, input, ctx),
  revalidate,
);
export const createBranchAction = authedAction(
  createBranchSchema,
  (input, ctx) => createBranch(ctx.user, input, ctx),
  revalidate,
);
export const updateBranchAction = authedAction(
  updateBranchSchema,
  (input, ctx) => updateBranch(ctx.user, input, ctx),
  revalidate,
);
