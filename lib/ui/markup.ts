// Server-rendered markup written as strings, where a page would otherwise render hundreds of React elements on
// every request and describe each of them again in its RSC payload (issue 11, point 6): the options of the filter
// forms, the rows of the case list. The strings go out through dangerouslySetInnerHTML, so everything typed by a
// person passes through escapeHtml here; tests compare the output with what React writes for the same elements.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
/** Text and attribute values as React escapes them. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * Characters above U+00FF (dashes, curly quotes, an ellipsis, letters of other alphabets in a name) as numeric
 * character references: the browser shows the same text. Next copies a page's markup strings into its RSC payload
 * and escapes that payload with a regular expression (its htmlEscapeJsonString); one such character anywhere makes
 * the whole payload a two-byte string, which on a payload of about 50,000 characters or more is four to five times
 * dearer to escape (the statistics page: 1.56 ms against 0.30 ms a request, measured on its 63,000 characters).
 * Markup made once and kept goes through this once.
 */
export const latin1 = (html: string) => html.replace(/[^\x00-\xff]/gu, (c) => `&#${c.codePointAt(0)};`);

export type Choice = { value: string; label: string };

/** The choices of a label map ({ SUSPENSION: 'Suspension', … }), in its order. */
export const labelChoices = (labels: Record<string, string>): Choice[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/**
 * A maker of <option> lists: each list's options are written once per source (a label map, or the array the
 * per-process cache of branches holds, until it is refreshed) and kept; each request only marks its choice.
 * One maker per form, so two forms may list the same source in different orders. Each option is written without
 * its end tag, which HTML lets an option leave out: the browser builds the same list, and the page's RSC payload,
 * where Next escapes each "<" and ">" with a function call, is lighter.
 */
export function optionsMaker(): (source: object, choices: () => Choice[], selected: string) => string {
  const lists = new WeakMap<object, string[]>();
  return (source, choices, selected) => {
    let parts = lists.get(source);
    if (!parts) {
      parts = [{ value: '', label: 'Any' }, ...choices()].map((c) =>
        latin1(`<option value="${escapeHtml(c.value)}">${escapeHtml(c.label)}`),
      );
      lists.set(source, parts);
    }
    // As React writes <select defaultValue>: `selected` on the chosen option; a value not in the list chooses
    // "Any", as a browser would.
    const marked = latin1(`<option value="${escapeHtml(selected)}">`);
    const at = Math.max(
      0,
      parts.findIndex((p) => p.startsWith(marked)),
    );
    return parts.map((p, i) => (i === at ? p.replace('">', '" selected="">') : p)).join('');
  };
}

/**
 * A paragraph of plain text whose dashes and quotes go out as character references (latin1 above): for the text of
 * a page whose payload is large (the statistics page), where one such character in JSX would make all of it dearer.
 */
export function latin1Paragraph(text: string): { __html: string } {
  return { __html: latin1(escapeHtml(text)) };
}
