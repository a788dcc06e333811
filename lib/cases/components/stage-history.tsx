import { OUTCOME_LABELS, STAGE_LABELS } from '../labels';
import { formatTimestamp } from '../../dates/partial-date';
import type { StageChange } from '../list-stage-changes';

const outcomeWords = (o: StageChange['toOutcome']) => (o ? OUTCOME_LABELS[o] : 'not known yet');

/** What changed in one change: the stage, the outcome, or both, in words. */
function describeChange(c: StageChange): string {
  const parts: string[] = [];
  if (c.fromStage === null) return `Stage: ${STAGE_LABELS[c.toStage]} · Outcome: ${outcomeWords(c.toOutcome)}`;
  if (c.fromStage !== c.toStage) parts.push(`Stage: ${STAGE_LABELS[c.fromStage]} → ${STAGE_LABELS[c.toStage]}`);
  if (c.fromOutcome !== c.toOutcome)
    parts.push(`Outcome: ${outcomeWords(c.fromOutcome)} → ${outcomeWords(c.toOutcome)}`);
  return parts.join('; ');
}

const who = (c: StageChange) =>
  !c.changedBy
    ? 'Recorded when the case model changed'
    : `${c.changedBy.name}${c.changedBy.role === 'COORDINATOR' ? ' (coordinator)' : c.changedBy.role === 'CASEWORKER' ? ' (caseworker)' : ''}`;

/** Staff only: every change of stage or outcome, newest first, with who made it and why. */
export function StageHistory({ changes }: { changes: StageChange[] }) {
  if (changes.length === 0) return <p>No changes recorded yet.</p>;
  return (
    <ol className="grid gap-3">
      {changes.map((c) => (
        <li key={c.id} className="bg-white rounded-lg border border-stone-300 p-3">
          <p className="font-semibold">{describeChange(c)}</p>
          <p className="text-stone-700 text-sm">
            {formatTimestamp(c.createdAt)} · {who(c)}
          </p>
          {c.reason ? (
            <p className="mt-1 whitespace-pre-wrap">{c.reason}</p>
          ) : (
            <p className="mt-1 text-stone-600 italic">No reason given.</p>
          )}
        </li>
      ))}
    </ol>
  );
}
