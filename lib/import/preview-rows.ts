import { canImportCases, type Actor } from '../auth/policy';
import { NotFoundError } from '../errors';
import { checkRows } from './check-rows';
import type { z } from 'zod';
import type { checkSheetSchema } from './schemas';

export type PreviewRow = {
  line: number;
  name: string;
  problems: { field: string; message: string }[];
  match: { fullName: string; by: string; references: string[] } | null;
};

/** The preview: each row's problems and any member already on Reinstate it matches (no ids leave the server). */
export async function previewRows(actor: Actor, input: z.output<typeof checkSheetSchema>): Promise<PreviewRow[]> {
  if (!canImportCases(actor)) throw new NotFoundError();
  const checked = await checkRows(actor, input.mapping, input.rows);
  return checked.map((r) => ({
    line: r.line,
    name: r.name,
    problems: r.problems,
    match: r.match && { fullName: r.match.fullName, by: r.match.by, references: r.match.references },
  }));
}
