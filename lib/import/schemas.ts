import { z } from 'zod';
import { IMPORT_FIELD_KEYS } from './fields';
import { MAX_CELL, MAX_COLUMNS, MAX_ROWS } from './limits';

// What the import page sends: the rows as read from the file (and as fixed on the page), the mapping of
// columns to fields, and for the import itself what to do with members already on Reinstate. Everything is
// checked again on the server: nothing the page worked out is trusted.

const mappingSchema = z.array(z.enum([...IMPORT_FIELD_KEYS, ''])).max(MAX_COLUMNS);
const rowsSchema = z
  .array(
    z
      .object({
        line: z.number().int().min(2).max(1_000_000),
        cells: z.array(z.string().max(MAX_CELL)).max(MAX_COLUMNS),
      })
      .strict(),
  )
  .min(1, 'There are no rows to check')
  .max(MAX_ROWS, `A sheet can have at most ${MAX_ROWS} rows`);

export const checkSheetSchema = z.object({ mapping: mappingSchema, rows: rowsSchema }).strict();
export type CheckSheetInput = z.input<typeof checkSheetSchema>;

export const DUPLICATE_POLICIES = ['skip', 'update', 'review'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const runImportSchema = z
  .object({
    fileName: z.string().trim().max(200).optional(),
    headings: z.array(z.string().max(MAX_CELL)).max(MAX_COLUMNS),
    mapping: mappingSchema,
    rows: rowsSchema,
    duplicates: z.enum(DUPLICATE_POLICIES, { error: 'Choose what to do with members already on Reinstate' }),
    // "Review one by one": the choice made for each matched row, by its row number.
    decisions: z
      .record(z.string().regex(/^\d{1,7}$/), z.enum(['skip', 'update']))
      .optional()
      .default({}),
  })
  .strict();
export type RunImportInput = z.input<typeof runImportSchema>;
export type RunImportData = z.output<typeof runImportSchema>;

export const saveMappingSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the mapping a name').max(80, 'The name must be at most 80 characters'),
    columns: z
      .record(z.string().max(200), z.enum(IMPORT_FIELD_KEYS))
      .refine((c) => Object.keys(c).length > 0, 'Map at least one column before saving')
      .refine((c) => Object.keys(c).length <= MAX_COLUMNS, 'Too many columns'),
  })
  .strict();
export type SaveMappingInput = z.input<typeof saveMappingSchema>;

export const deleteMappingSchema = z.object({ id: z.string().min(1).max(40) }).strict();
