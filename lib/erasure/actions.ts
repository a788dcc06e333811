'use server';

import { authedAction } from '../action';
import { approveErasure, finishErasure } from './approve-erasure';
import { refuseErasure } from './refuse-erasure';
import { logErasureRequest, requestErasure } from './request-erasure';
import {
  approveErasureSchema,
  finishErasureSchema,
  logErasureRequestSchema,
  refuseErasureSchema,
  requestErasureSchema,
} from './schemas';

/** The caller asks for their own data to be erased (members only; the request names nobody else). */
export const requestErasureAction = authedAction(
  requestErasureSchema,
  async (_input, ctx) => {
    const r = await requestErasure(ctx.user, ctx);
    return { id: r.id, status: r.status };
  },
  { revalidate: '/account' },
);

export const approveErasureAction = authedAction(
  approveErasureSchema,
  (input, ctx) => approveErasure(ctx.user, input.requestId, ctx),
  { revalidate: '/erasure' },
);

export const finishErasureAction = authedAction(
  finishErasureSchema,
  (input, ctx) => finishErasure(ctx.user, input.requestId, ctx),
  { revalidate: '/erasure' },
);

export const refuseErasureAction = authedAction(
  refuseErasureSchema,
  (input, ctx) => refuseErasure(ctx.user, input, ctx),
  { revalidate: '/erasure' },
);

export const logErasureRequestAction = authedAction(
  logErasureRequestSchema,
  async (input, ctx) => {
    const r = await logErasureRequest(ctx.user, input.who, ctx);
    return { id: r.id, status: r.status };
  },
  { revalidate: '/erasure' },
);
