'use server';

import { authedAction } from '../action';
import { deleteMappingSchema, saveMappingSchema } from './schemas';
import { deleteImportMapping, listImportMappings, saveImportMapping } from './mappings';

// The import itself streams its progress, so it is a route handler (app/api/import/run); these are the
// small steps around it.
export const saveImportMappingAction = authedAction(
  saveMappingSchema,
  async (input, ctx) => {
    await saveImportMapping(ctx.user, input, ctx);
    return listImportMappings(ctx.user);
  },
  { revalidate: '/import' },
);
export const deleteImportMappingAction = authedAction(
  deleteMappingSchema,
  async (input, ctx) => {
    await deleteImportMapping(ctx.user, input, ctx);
    return listImportMappings(ctx.user);
  },
  { revalidate: '/import' },
);
