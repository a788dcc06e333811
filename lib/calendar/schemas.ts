import { z } from 'zod';

// Both actions act on the caller's own link only: no input at all, and anything sent is refused.
export const calendarFeedSchema = z.object({}).strict();
