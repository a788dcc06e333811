// An arrow beside a link's words ("← Back to cases", "Next →"), written as a character reference so that the
// page's RSC payload stays a one-byte string (lib/ui/markup.ts, latin1), and hidden from screen readers, which
// would otherwise read "left arrow" before the words. A string in a JSX attribute would be decoded back into the
// arrow itself by the compiler, hence the expressions.
const ARROWS = { back: '&larr; ', on: ' &rarr;' } as const;

export function Arrow({ to }: { to: keyof typeof ARROWS }) {
  return <span aria-hidden="true" dangerouslySetInnerHTML={{ __html: ARROWS[to] }} />;
}
