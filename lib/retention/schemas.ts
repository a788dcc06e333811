import { z } from 'zod';

// Retention forms (coordinators): one schema for the browser and the server.

const months = (what: string) =>
  z.coerce
    .number({ error: `Enter ${what} as a whole number of months, like 12` })
    .int('Enter a whole number of months, like 12')
    .min(1, 'Enter at least 1 month')
    .max(240, 'Enter 240 months (20 years) or fewer');

export const retentionSettingsSchema = z.object({ months: months('how long closed cases are kept') }).strict();

export const keepCaseSchema = z
  .object({
    caseId: z.string().min(1).max(40),
    months: months('how much longer to keep it'),
    reason: z
      .string()
      .trim()
      .min(5, 'Say why it is kept (for example “a claim is still running”)')
      .max(500, 'Keep the reason under 500 characters'),
  })
  .strict();

export type RetentionSettingsFields = z.input<typeof retentionSettingsSchema>;
export type KeepCaseFields = z.input<typeof keepCaseSchema>;
