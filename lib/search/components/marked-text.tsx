import type { Segment } from '../snippets';

/** Text with its matches in <mark>: every piece is a React text node, so nothing in it is ever read as HTML. */
export function MarkedText({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.mark ? (
          <mark key={i} className="bg-amber-200 text-stone-950 rounded-sm px-0.5">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
