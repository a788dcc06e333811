'use server';

import { authedAction } from '../action';
import { requestMemberExport } from './request-export';
import { requestMemberExportSchema } from './schemas';

/** "Download my data": queues the build of the caller's own export (members only; anyone else: not found). */
export const requestMemberExportAction = authedAction(requestMemberExportSchema, (_input, ctx) =>
  requestMemberExport(ctx.user, ctx),
);
