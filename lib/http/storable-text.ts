/**
 * Text PostgreSQL cannot store. A text column (and jsonb) refuses U+0000, and a lone UTF-16
 * surrogate has no UTF-8 encoding: either one makes the driver fail in the middle of a query, which
 * a person sees as "something went wrong" with nothing saved. Input is checked where it enters —
 * server actions (lib/action.ts), route parameters and headers (request-input.ts), page addresses
 * (address.ts, from proxy.ts) — and refused with a message next to the field, so nothing of the
 * kind ever reaches a query.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE =
  'This contains characters we cannot store (a null character or a broken Unicode character). Please remove them and try again.';

export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

type Path = (string | number)[];

/** A path kept as a link to its parent, so walking a deeply nested value stays linear. */
type Link = { parent: Link | null; key: string | number } | null;
const pathOf = (link: Link): Path => {
  const out: Path = [];
  for (let l = link; l; l = l.parent) out.push(l.key);
  return out.reverse();
};

/**
 * Every place in a value (strings, array items, object keys and values, at any depth) holding text
 * that cannot be stored, as field paths like zod's. A bad object key is reported at its object: the
 * key is not a field the form knows. Walks with its own stack, so deep nesting cannot overflow.
 */
export function findUnstorable(value: unknown, limit = 20): Path[] {
  const found: Path[] = [];
  const seen = new Set<object>();
  const stack: [unknown, Link][] = [[value, null]];
  while (stack.length && found.length < limit) {
    const [v, link] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) found.push(pathOf(link));
    } else if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], { parent: link, key: i }]);
      } else {
        const entries = Object.entries(v);
        if (entries.some(([k]) => !isStorableText(k))) found.push(pathOf(link));
        for (let i = entries.length - 1; i >= 0; i--)
          stack.push([entries[i]![1], { parent: link, key: entries[i]![0] }]);
      }
    }
  }
  return found;
}

/** The field errors for findUnstorable's paths, keyed as fieldErrorsFrom() keys zod's ('_form' for the whole input). */
export function unstorableFieldErrors(paths: Path[]): Record<string, string> {
  return Object.fromEntries(paths.map((p) => [p.length ? p.join('.') : '_form', UNSTORABLE_MESSAGE]));
}
