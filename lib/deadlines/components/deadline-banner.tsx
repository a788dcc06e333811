import { DEADLINE_LABELS, deadlineStatus } from '../sync-deadlines';
import { formatPartialDate } from '../../dates/partial-date';
import { Badge } from '../../ui/feedback';
import type { CaseView } from '../../cases/get-case';

const TONE = { open: 'neutral', met: 'good', missed: 'bad', waived: 'neutral' } as const;
const WORD = { open: 'Due', met: 'Met', missed: 'Overdue', waived: 'Waived' } as const;

/** The case's computed deadlines, the next open one first, each with how it was worked out. */
export function DeadlineBanner({ kase }: { kase: CaseView }) {
  if (kase.deadlines.length === 0) return null;
  const rows = kase.deadlines.map((d) => ({ ...d, status: deadlineStatus(d, kase.events) }));
  const next = rows.find((r) => r.status === 'open' || r.status === 'missed');
  return (
    <section aria-labelledby="deadlines-heading" className={`mb-6 rounded-lg border-2 p-4 ${next?.status === 'missed' ? 'border-red-700 bg-red-50' : 'border-brand-600 bg-brand-50'}`}>
      <h2 id="deadlines-heading" className="text-xl font-bold mb-2">
        {next ? `${next.status === 'missed' ? 'Overdue' : 'Next deadline'}: ${DEADLINE_LABELS[next.kind]} ${formatPartialDate(next.dueOn, 'DAY')}` : 'No open deadlines'}
      </h2>
      <details>
        <summary className="cursor-pointer font-semibold min-h-11 py-2">All deadlines and how they were worked out</summary>
        <ul className="grid gap-2 mt-2">
          {rows.map((r) => (
            <li key={r.id}>
              <Badge tone={TONE[r.status]}>{WORD[r.status]}</Badge> <strong>{DEADLINE_LABELS[r.kind]} {formatPartialDate(r.dueOn, 'DAY')}</strong>
              <p className="text-sm">{r.rule}</p>
              {r.warning && <p className="text-sm text-red-800">{r.warning}</p>}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
