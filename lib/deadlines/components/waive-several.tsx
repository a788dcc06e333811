'use client';

import { useState } from 'react';
import dynamic from 'next/dynamic';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';

// The form (and react-hook-form with it) comes when someone opens it, not with every case page.
const WaiveSeveralForm = dynamic(() => import('./waive-several-form').then((m) => m.WaiveSeveralForm), {
  loading: () => (
    <p role="status" className="mt-4">
      Opening the form…
    </p>
  ),
});

/** Staff: tick several deadlines and give one reason ("The party withdrew the case"); all are waived, or none. Offered for two or more. */
export function WaiveSeveral({
  idPrefix,
  deadlines,
}: {
  idPrefix: string;
  deadlines: { id: string; label: string }[];
}) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  // Mounted while the case has deadlines, so "2 deadlines waived." outlives the refresh that leaves fewer than two to waive.
  if (deadlines.length < 2 && !open)
    return done === null ? null : (
      <div className="mt-4">
        <Alert kind="success">{done === 1 ? 'One deadline waived.' : `${done} deadlines waived.`}</Alert>
      </div>
    );
  if (!open) {
    return (
      <div className="mt-4">
        {done !== null && (
          <Alert kind="success">{done === 1 ? 'One deadline waived.' : `${done} deadlines waived.`}</Alert>
        )}
        <Button
          variant="secondary"
          onClick={() => {
            setDone(null);
            setOpen(true);
          }}
        >
          Waive several at once…
        </Button>
      </div>
    );
  }
  return (
    <WaiveSeveralForm
      idPrefix={idPrefix}
      deadlines={deadlines}
      onCancel={() => setOpen(false)}
      onDone={(waived) => {
        setDone(waived);
        setOpen(false);
      }}
    />
  );
}
