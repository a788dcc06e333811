import { z } from 'zod';

// Strict: there is no user id to pass; the setting changed is always the caller's own.
export const setReminderEmailsSchema = z.object({ enabled: z.boolean() }).strict();
export type SetReminderEmailsInput = z.infer<typeof setReminderEmailsSchema>;
