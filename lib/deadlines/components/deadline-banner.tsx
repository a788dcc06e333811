import Link from '@/lib/ui/link';
import { CLOSURE_WORDS, DEADLINE_LABELS, deadlineStatus } from '../sync-deadlines';
import { draftHref, nextSteps } from '../next-step';
import { formatPartialDate } from '../../dates/partial-date';
import { Badge } from '../../ui/feedback';
import { DeadlineControls } from './deadline-controls';
import { WaiveSeveral } from './waive-several';
import type { CaseView } from '../../cases/get-case';

const TONE = { open: 'neutral', met: 'good', missed: 'bad', waived: 'neutral', closed: 'neutral' } as const;
const WORD = { open: 'Due', met: 'Met', missed: 'Overdue', waived: 'Waived', closed: 'Closed' } as const;

/**
 * The case's computed deadlines, the next open or overdue one first, each with how it was worked
 * out and what to do next. Staff can waive one (with a reason), several at once, or record a SAR extension.
 * An appeal window closed by the case itself (no appeal offered, case closed) says why, and is never overdue.
 */
export function DeadlineBanner({
  kase,
  canManage,
  canDraft,
}: {
  kase: CaseView;
  canManage: boolean;
  canDraft: boolean;
}) {
  if (kase.deadlines.length === 0) return null;
  const rows = kase.deadlines.map((d) => {
    const status = deadlineStatus(d);
    return { ...d, status, steps: canDraft ? nextSteps(d, status, kase.letters) : [] };
  });
  const next = rows.find((r) => r.status === 'missed') ?? rows.find((r) => r.status === 'open');
  const waivable = canManage ? rows.filter((r) => r.status === 'open' || r.status === 'missed') : [];
  return (
    <section
      aria-labelledby="deadlines-heading"
      className={`mb-6 rounded-lg border-2 p-4 ${next?.status === 'missed' ? 'border-red-700 bg-red-50' : 'border-brand-600 bg-brand-50'}`}
    >
      <h2 id="deadlines-heading" className="text-xl font-bold mb-2">
        {next
          ? `${next.status === 'missed' ? 'Overdue' : 'Next deadline'}: ${DEADLINE_LABELS[next.kind]} ${formatPartialDate(next.dueOn, 'DAY')}`
          : 'No open deadlines'}
      </h2>
      {next && next.steps.length > 0 && (
        <p className="flex flex-wrap gap-3 mb-2">
          {next.steps.map((s) => (
            <Link key={s.templateKey} href={draftHref(kase.reference, s)} className="font-semibold">
              {s.label} →
            </Link>
          ))}
        </p>
      )}
      <details>
        <summary className="cursor-pointer font-semibold min-h-11 py-2">
          All deadlines and how they were worked out
        </summary>
        <ul className="grid gap-4 mt-2">
          {rows.map((r) => (
            <li key={r.id}>
              <Badge tone={TONE[r.status]}>{WORD[r.status]}</Badge>{' '}
              <strong>
                {DEADLINE_LABELS[r.kind]} {formatPartialDate(r.dueOn, 'DAY')}
              </strong>
              <p className="text-sm">
                From “{r.event.title}”. {r.rule}
              </p>
              {r.extendedAt && <p className="text-sm">Extended by two further months at the controller’s request.</p>}
              {r.metOn && <p className="text-sm">Met: answered on {formatPartialDate(r.metOn, 'DAY')}.</p>}
              {r.waivedAt && <p className="text-sm">Waived: {r.waivedReason}</p>}
              {r.status === 'closed' && r.closedReason && (
                <p className="text-sm">Closed: {CLOSURE_WORDS[r.closedReason]}.</p>
              )}
              {r.warning && <p className="text-sm text-red-800">{r.warning}</p>}
              {r.steps.length > 0 && r !== next && (
                <p className="text-sm flex flex-wrap gap-3">
                  {r.steps.map((s) => (
                    <Link key={s.templateKey} href={draftHref(kase.reference, s)}>
                      {s.label} →
                    </Link>
                  ))}
                </p>
              )}
              {canManage && r.status !== 'met' && r.status !== 'closed' && (
                <DeadlineControls
                  deadline={{
                    id: r.id,
                    kind: r.kind,
                    label: DEADLINE_LABELS[r.kind],
                    waived: Boolean(r.waivedAt),
                    extended: Boolean(r.extendedAt),
                  }}
                />
              )}
            </li>
          ))}
        </ul>
        {canManage && rows.length > 1 && (
          <WaiveSeveral
            idPrefix="waive-several"
            deadlines={waivable.map((r) => ({
              id: r.id,
              label: `${DEADLINE_LABELS[r.kind]} ${formatPartialDate(r.dueOn, 'DAY')} (from “${r.event.title}”)`,
            }))}
          />
        )}
      </details>
    </section>
  );
}
