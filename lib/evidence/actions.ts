'use server';

import { authedAction } from '../action';
import {
  captureEvidenceSchema,
  evidenceIdSchema,
  linkEvidenceSchema,
  removeEvidenceSchema,
  updateEvidenceSchema,
} from './schemas';
import {
  captureEvidence,
  linkEvidence,
  purgeEvidence,
  removeEvidence,
  updateEvidence,
  verifyEvidence,
} from './evidence-services';

const revalidate = { revalidate: '/cases' };

export const updateEvidenceAction = authedAction(
  updateEvidenceSchema,
  (input, ctx) => updateEvidence(ctx.user, input, ctx),
  revalidate,
);
export const captureEvidenceAction = authedAction(
  captureEvidenceSchema,
  (input, ctx) => captureEvidence(ctx.user, input, ctx),
  revalidate,
);
export const verifyEvidenceAction = authedAction(evidenceIdSchema, (input, ctx) =>
  verifyEvidence(ctx.user, input.evidenceId, ctx),
);
export const linkEvidenceAction = authedAction(
  linkEvidenceSchema,
  (input, ctx) => linkEvidence(ctx.user, input, ctx),
  revalidate,
);
export const removeEvidenceAction = authedAction(
  removeEvidenceSchema,
  (input, ctx) => removeEvidence(ctx.user, input, ctx),
  revalidate,
);
export const purgeEvidenceAction = authedAction(
  evidenceIdSchema,
  (input, ctx) => purgeEvidence(ctx.user, input.evidenceId, ctx),
  revalidate,
);
