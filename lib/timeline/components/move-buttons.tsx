'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { moveEventAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';

type Ref = { id: string; version: number };

/**
 * "Move up" / "Move down" for an entry that shares its day with another (staff only). Plain buttons,
 * so they work by keyboard and are read out with the entry's title; at the top or bottom of its day a
 * button stays in place but says it cannot go further, so focus is never lost. After a move the page
 * refreshes and focus returns to the button that was pressed.
 */
export function MoveButtons({
  item,
  up,
  down,
  onMoved,
}: {
  item: Ref & { title: string };
  up: Ref | null;
  down: Ref | null;
  onMoved: (message: string) => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef<'up' | 'down' | null>(null);

  useEffect(() => {
    if (!refocus.current) return;
    (refocus.current === 'up' ? upRef : downRef).current?.focus();
    refocus.current = null;
  }, [item.version]);

  const move = async (direction: 'up' | 'down') => {
    const neighbour = direction === 'up' ? up : down;
    if (!neighbour || pending) return;
    setError(null);
    setPending(true);
    try {
      const res = await moveEventAction({
        eventId: item.id,
        version: item.version,
        direction,
        neighbourId: neighbour.id,
        neighbourVersion: neighbour.version,
      });
      if (res.ok) {
        refocus.current = direction;
        onMoved(`Moved “${item.title}” ${direction}.`);
      } else {
        setError(res.error);
        router.refresh();
      }
    } catch {
      setError('We could not reach the server. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  };

  const button = (direction: 'up' | 'down', neighbour: Ref | null) => (
    <Button
      ref={direction === 'up' ? upRef : downRef}
      variant="secondary"
      aria-disabled={!neighbour || pending}
      // The name starts with the words shown, so "click Move up" works by voice too.
      aria-label={`Move ${direction} “${item.title}”${neighbour ? '' : ` (already the ${direction === 'up' ? 'first' : 'last'} on this day)`}`}
      className={neighbour ? '' : 'opacity-60 cursor-not-allowed'}
      onClick={() => move(direction)}
    >
      <span aria-hidden="true">{direction === 'up' ? '↑' : '↓'}&nbsp;</span>
      {direction === 'up' ? 'Move up' : 'Move down'}
    </Button>
  );

  return (
    <div className="mt-2">
      {error && <Alert>{error}</Alert>}
      <div
        className="flex flex-wrap gap-3"
        role="group"
        aria-label={`Order of “${item.title}” among the entries on this day`}
      >
        {button('up', up)}
        {button('down', down)}
      </div>
    </div>
  );
}
