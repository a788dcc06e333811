import { z } from 'zod';

export const SEARCH_MIN = 2;
export const SEARCH_MAX = 200;

/** The search box: one line of text. Shared by the page (GET /search?q=) and the tests. */
export const searchInputSchema = z.object({
  q: z
    .string()
    .trim()
    .min(SEARCH_MIN, `Type at least ${SEARCH_MIN} letters or numbers`)
    .max(SEARCH_MAX, `Keep the search under ${SEARCH_MAX} characters`)
    // PostgreSQL cannot hold U+0000; control characters are our highlight markers.
    .refine(
      (q) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(q),
      'Remove the unusual characters from the search',
    ),
  page: z.coerce.number().int().min(1).max(50).catch(1).default(1),
});
export type SearchInput = z.output<typeof searchInputSchema>;
