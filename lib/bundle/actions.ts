'use server';

import { authedAction } from '../action';
import { startBundleSchema, startReviewPackSchema, startReviewSchema } from './schemas';
import { startBundle, startReview, startReviewPack } from './bundle-services';
import { publishReview, publishReviewSchema, saveFairness, saveFairnessSchema } from './fairness';

/** Records the bundle with the person's order and choices and queues the build; the page polls its progress. */
export const startBundleAction = authedAction(startBundleSchema, (input, ctx) => startBundle(ctx.user, input, ctx), {
  revalidate: '/cases',
});

/** Saves the fairness assessment of a reinstatement review (staff). */
export const saveFairnessAction = authedAction(saveFairnessSchema, (input, ctx) => saveFairness(ctx.user, input, ctx), {
  revalidate: '/cases',
});

/** Builds the reinstatement review PDF of one case (staff). */
export const startReviewAction = authedAction(startReviewSchema, (input, ctx) => startReview(ctx.user, input, ctx), {
  revalidate: '/cases',
});

/** Builds one review pack over the chosen cases (coordinators). */
export const startReviewPackAction = authedAction(
  startReviewPackSchema,
  (input, ctx) => startReviewPack(ctx.user, input, ctx),
  { revalidate: '/reviews' },
);

/** Publishes the review as it stands (staff): the member and review PDFs see published versions only. */
export const publishReviewAction = authedAction(
  publishReviewSchema,
  (input, ctx) => publishReview(ctx.user, input, ctx),
  { revalidate: '/cases' },
);
