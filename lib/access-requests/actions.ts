'use server';

import { authedAction } from '../action';
import {
  decideItemSchema,
  extendAccessRequestSchema,
  logAccessRequestSchema,
  releaseAccessRequestSchema,
} from './schemas';
import { decideAccessItem, extendAccessRequest, logAccessRequest } from './access-request-services';
import { releaseAccessRequest } from './release';

// Subject access requests made to the network: coordinators only (everyone else is answered "not found").
const revalidate = { revalidate: '/access-requests' };

export const logAccessRequestAction = authedAction(
  logAccessRequestSchema,
  (input, ctx) => logAccessRequest(ctx.user, input, ctx),
  revalidate,
);
export const decideAccessItemAction = authedAction(
  decideItemSchema,
  (input, ctx) => decideAccessItem(ctx.user, input, ctx),
  revalidate,
);
export const extendAccessRequestAction = authedAction(
  extendAccessRequestSchema,
  (input, ctx) => extendAccessRequest(ctx.user, input, ctx),
  revalidate,
);
export const releaseAccessRequestAction = authedAction(
  releaseAccessRequestSchema,
  (input, ctx) => releaseAccessRequest(ctx.user, input, ctx),
  revalidate,
);
