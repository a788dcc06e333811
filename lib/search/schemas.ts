import { z } from 'zod';

export const SEARCH_MIN = 2;
export const SEARCH_MAX = 200;

/**
 * Whether every word of a search leaves things out ("-motion", `-"branch meeting"`): such a search would find
 * everything else, and reading it means reading every entry of every search index (29-44 ms of the embedded
 * database for "-motion" on the 10,000-case bench data). A hyphen inside a word ("Smith-Jones") is not one.
 */
export function onlyLeavesOut(q: string): boolean {
  // "- motion" leaves out "motion" too (websearch_to_tsquery reads a lone hyphen with the word after it).
  const words = (q.replace(/(^|\s)-\s+/g, '$1-').match(/-?"[^"]*"?|\S+/g) ?? []).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.some((w) => w.startsWith('-')) && words.every((w) => w.startsWith('-') || w.toLowerCase() === 'or');
}

/** The search box: one line of text. Shared by the page (GET /search?q=) and the tests. */
export const searchInputSchema = z.object({
  q: z
    .string()
    .trim()
    .min(SEARCH_MIN, `Type at least ${SEARCH_MIN} letters or numbers`)
    .max(SEARCH_MAX, `Keep the search under ${SEARCH_MAX} characters`)
    // PostgreSQL cannot hold U+0000; control characters are our highlight markers.
    .refine((q) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(q), 'Remove the unusual characters from the search')
    .refine((q) => !onlyLeavesOut(q), 'Add a word to look for: a word starting with “-” only leaves things out'),
  page: z.coerce.number().int().min(1).max(50).catch(1).default(1),
});
export type SearchInput = z.output<typeof searchInputSchema>;
