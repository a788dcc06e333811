import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/require-user';
import { canManageRetention, getRetentionReview, LOOK_AHEAD_DAYS, NOTICE_DAYS } from '@/lib/retention/retention';
import { KeepCaseForm, RetentionSettingsForm } from '@/lib/retention/components/retention-forms';
import { formatUkDate } from '@/lib/deadlines/working-days';
import { Badge, EmptyState, PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Retention of closed cases' };

/** Closed cases past (or nearly past) the organisation's retention period: coordinators only. */
export default async function RetentionPage() {
  const ctx = await requirePageUser();
  if (!canManageRetention(ctx.user)) notFound();
  const { months, today, cases } = await getRetentionReview(ctx.user, ctx);
  return (
    <>
      <PageHeader title="Retention of closed cases">
        <p>
          A closed case is kept for the period below, then deleted with everything filed on it. Once the period has
          passed, its member is told by email and the case is deleted {NOTICE_DAYS} days later (at once when there is no
          address), unless you keep it for longer with a reason. The check runs every day.
        </p>
      </PageHeader>
      <section aria-labelledby="period-heading" className="mb-10">
        <h2 id="period-heading" className="text-2xl font-bold mb-3">
          The period
        </h2>
        <RetentionSettingsForm months={months} />
      </section>
      <section aria-labelledby="due-heading">
        <h2 id="due-heading" className="text-2xl font-bold mb-3">
          Closed cases due for deletion ({cases.length})
        </h2>
        {cases.length === 0 ? (
          <EmptyState title="Nothing is due">
            <p>
              No closed case reaches the end of its period in the next {LOOK_AHEAD_DAYS} days. Cases appear here as they
              do.
            </p>
          </EmptyState>
        ) : (
          <ul className="grid gap-3">
            {cases.map((c) => (
              <li key={c.caseId} className="rounded-lg border-2 border-stone-300 bg-white p-3">
                <p className="flex flex-wrap items-baseline gap-x-3">
                  <Link href={`/cases/${c.reference}`} className="font-semibold">
                    {c.reference}
                  </Link>
                  <span>{c.personName}</span>
                  {c.keptUntil ? (
                    <Badge tone="good">{`Kept until ${formatUkDate(c.keptUntil)}`}</Badge>
                  ) : c.dueOn > today ? (
                    <Badge>Coming up</Badge>
                  ) : (
                    <Badge tone="warning">Past the period</Badge>
                  )}
                </p>
                <p>
                  Closed {formatUkDate(c.closedOn)} · period ends {formatUkDate(c.dueOn)}
                  {c.noticeOn && <> · member told {formatUkDate(c.noticeOn)}</>}
                  {c.eraseOn && <> · to be deleted on {formatUkDate(c.eraseOn)}</>}
                  {!c.hasAddress && !c.keptUntil && <> · no address to tell the member</>}
                </p>
                {c.keptReason && <p className="text-stone-700">Why: {c.keptReason}</p>}
                {!c.keptUntil && (
                  <details className="mt-1">
                    <summary className="cursor-pointer font-semibold min-h-12 flex items-center">
                      Keep it longer
                    </summary>
                    <KeepCaseForm caseId={c.caseId} reference={c.reference} />
                  </details>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
