import { z } from 'zod';

/** Asking for a download of one's data names nothing: it is always the caller's own. */
export const requestMemberExportSchema = z.object({}).strict();
