'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { publishReviewAction, startReviewAction, startReviewPackAction } from '../actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';

/** "Make the review PDF" for one case. */
export function StartReviewButton({ caseId }: { caseId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div>
      {error && <Alert>{error}</Alert>}
      <Button
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const res = await startReviewAction({ caseId }).catch(() => ({
            ok: false as const,
            error: 'We could not reach the server. Please try again.',
          }));
          setPending(false);
          if (res.ok) router.refresh();
          else setError(res.error);
        }}
      >
        {pending ? 'Starting…' : 'Make the review PDF'}
      </Button>
    </div>
  );
}

/** "Publish the review": the member and review panels see published versions only. */
export function PublishReviewButton({ caseId, published }: { caseId: string; published: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <div>
      {error && <Alert>{error}</Alert>}
      {done && <Alert kind="success">Published. The member can now read it.</Alert>}
      <Button
        variant={published ? 'secondary' : 'primary'}
        disabled={pending}
        onClick={async () => {
          if (
            !window.confirm(
              'Publish the saved answers, notes and recommendation? The member will be able to read them. Internal notes stay private.',
            )
          )
            return;
          setPending(true);
          const res = await publishReviewAction({ caseId }).catch(() => ({
            ok: false as const,
            error: 'We could not reach the server. Please try again.',
          }));
          setPending(false);
          if (res.ok) {
            setError(null);
            setDone(true);
            router.refresh();
          } else setError(res.error);
        }}
      >
        {pending ? 'Publishing…' : published ? 'Publish the saved changes' : 'Publish the review'}
      </Button>
    </div>
  );
}

/** The coordinator's case picker for a review pack: every listed case ticked to start with. */
export function ReviewPackForm({
  cases,
}: {
  cases: { id: string; reference: string; memberName: string; branch: string | null; stage: string }[];
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState<Set<string>>(new Set(cases.map((c) => c.id)));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const toggle = (id: string) =>
    setChosen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <form
      method="post"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        setError(null);
        const res = await startReviewPackAction({ caseIds: [...chosen] }).catch(() => ({
          ok: false as const,
          error: 'We could not reach the server. Your choices are still here.',
          fieldErrors: undefined,
        }));
        setPending(false);
        if (res.ok) router.refresh();
        else setError(res.fieldErrors?.caseIds ?? res.error);
      }}
    >
      {error && <Alert title="Not started">{error}</Alert>}
      <p className="mb-2" aria-live="polite">
        {chosen.size} of {cases.length} cases chosen.
      </p>
      <ul className="grid gap-1 mb-4">
        {cases.map((c) => (
          <li key={c.id}>
            <label className="flex items-start gap-3 cursor-pointer min-h-11">
              <input type="checkbox" className="size-6 mt-1" checked={chosen.has(c.id)} onChange={() => toggle(c.id)} />
              <span>
                <strong>{c.reference}</strong> · {c.memberName}
                {c.branch ? ` · ${c.branch}` : ''} · {c.stage}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <Button type="submit" disabled={pending || chosen.size === 0}>
        {pending ? 'Starting…' : 'Build the review pack'}
      </Button>
    </form>
  );
}
