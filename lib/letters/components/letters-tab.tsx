import Link from '@/lib/ui/link';
import { formatPartialDate } from '../../dates/partial-date';
import { EmptyState, Alert } from '../../ui/feedback';
import { linkButtonClass } from '../../ui/button';
import { templateSummaries } from '../letter-services';
import type { CaseView } from '../../cases/get-case';
import type { LetterDraftRow } from '../letter-drafts';
import { LetterDraftsList } from './tab-parts';

type LetterRow = CaseView['letters'][number];

/**
 * The case's letters as chains (a SAR, its chaser, the ICO complaint), each with the exact PDF that
 * was filed, a Word copy, its fingerprints, and the follow-ups its template allows.
 */
export function LettersTab({
  kase,
  canWrite,
  savedId,
  drafts = [],
}: {
  kase: CaseView;
  canWrite: boolean;
  savedId?: string;
  drafts?: LetterDraftRow[];
}) {
  const templates = templateSummaries();
  const ids = new Set(kase.letters.map((l) => l.id));
  const roots = kase.letters.filter((l) => !l.parentId || !ids.has(l.parentId));
  const children = (id: string) => kase.letters.filter((l) => l.parentId === id);
  const saved = kase.letters.find((l) => l.id === savedId);

  const item = (l: LetterRow, depth: number) => {
    const followUps = templates.filter((t) => t.follows.includes(l.templateKey));
    return (
      <li key={l.id} className={depth ? 'ml-4 md:ml-8 border-l-4 border-stone-300 pl-4' : ''}>
        <div className="rounded-lg border-2 border-stone-300 bg-white p-4 mt-3">
          <p className="font-bold">
            {depth > 0 && <span aria-hidden="true">↳ </span>}
            {l.title}
          </p>
          <p>
            Sent {formatPartialDate(l.sentOn, 'DAY')} to {l.recipient} · by {l.createdBy.name}
          </p>
          <p className="flex flex-wrap gap-4 mt-1">
            <a href={`/api/letters/${l.id}/pdf`} download>
              Download the PDF
            </a>
            <a href={`/api/letters/${l.id}/docx`} download>
              Word copy (DOCX)
            </a>
          </p>
          <details className="text-sm mt-1">
            <summary className="cursor-pointer">Fingerprints</summary>
            <p className="break-all">
              PDF SHA-256: <code>{l.pdfSha256}</code>
            </p>
            <p className="break-all">
              Text SHA-256: <code>{l.textSha256}</code>
            </p>
          </details>
          {canWrite && followUps.length > 0 && (
            <p className="flex flex-wrap gap-4 mt-2">
              {followUps.map((t) => (
                <Link
                  key={t.key}
                  href={`/cases/${kase.reference}/letters/new?${new URLSearchParams({ template: t.key, parent: l.id, ...(l.deadlineId ? { deadline: l.deadlineId } : {}) })}`}
                >
                  Follow up: {t.title} →
                </Link>
              ))}
            </p>
          )}
        </div>
        {children(l.id).length > 0 && (
          <ol aria-label={`Follow-ups to ${l.title}`}>{children(l.id).map((c) => item(c, depth + 1))}</ol>
        )}
      </li>
    );
  };

  return (
    <section aria-labelledby="letters-heading">
      <div className="flex flex-wrap items-center justify-between gap-3 mb-4">
        <h2 id="letters-heading" className="text-2xl font-bold">
          Letters
        </h2>
        {canWrite && (
          <Link href={`/cases/${kase.reference}/letters/new`} className={linkButtonClass}>
            Write a letter
          </Link>
        )}
      </div>
      {saved && (
        <Alert kind="success" title="Letter saved">
          “{saved.title}” is filed on the case and on the timeline as sent on {formatPartialDate(saved.sentOn, 'DAY')}.
        </Alert>
      )}
      {canWrite && <LetterDraftsList reference={kase.reference} drafts={drafts} />}
      {kase.letters.length === 0 ? (
        <EmptyState title="No letters yet">
          <p>
            Start with a subject access request to see what the party holds about you, or ask for the particulars of the
            allegations.
          </p>
        </EmptyState>
      ) : (
        <ol>{roots.map((l) => item(l, 0))}</ol>
      )}
    </section>
  );
}
