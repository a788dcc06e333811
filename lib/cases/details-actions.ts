'use server';

import { authedAction } from '../action';
import {
  claimCaseSchema,
  createCaseForMemberSchema,
  createClaimLinkSchema,
  revokeClaimLinkSchema,
  updateCaseDetailsSchema,
  updatePersonSchema,
} from './details-schemas';
import { updatePerson } from './update-person';
import { updateCaseDetails } from './update-case-details';
import { createCaseForMember } from './create-case-for-member';
import { claimCase, createClaimLink, revokeClaimLink } from './claim-case';

const revalidate = { revalidate: '/cases' };

export const updatePersonAction = authedAction(
  updatePersonSchema,
  (input, ctx) => updatePerson(ctx.user, input, ctx),
  revalidate,
);
export const updateCaseDetailsAction = authedAction(
  updateCaseDetailsSchema,
  (input, ctx) => updateCaseDetails(ctx.user, input, ctx),
  revalidate,
);
export const createCaseForMemberAction = authedAction(
  createCaseForMemberSchema,
  (input, ctx) => createCaseForMember(ctx.user, input, ctx),
  revalidate,
);
export const createClaimLinkAction = authedAction(
  createClaimLinkSchema,
  (input, ctx) => createClaimLink(ctx.user, input, ctx),
  revalidate,
);
export const revokeClaimLinkAction = authedAction(
  revokeClaimLinkSchema,
  (input, ctx) => revokeClaimLink(ctx.user, input, ctx),
  revalidate,
);
export const claimCaseAction = authedAction(
  claimCaseSchema,
  (input, ctx) => claimCase(ctx.user, input, ctx),
  revalidate,
);
