import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/require-user';
import { NotFoundError } from '@/lib/errors';
import { db } from '@/lib/db/client';
import { canHandleAccessRequests, getAccessRequest } from '@/lib/access-requests/access-request-services';
import { draftCoveringLetter } from '@/lib/access-requests/covering-letter';
import { EXEMPTION_LABELS, type AccessExemptionName } from '@/lib/access-requests/labels';
import { ItemDecisionForm } from '@/lib/access-requests/components/item-decision-form';
import { ExtendButton, ReleaseForm } from '@/lib/access-requests/components/release-form';
import { formatUkDate } from '@/lib/deadlines/working-days';
import { Alert, Badge, PageHeader } from '@/lib/ui/feedback';
import { secondaryLinkButtonClass } from '@/lib/ui/button';

export const metadata: Metadata = { title: 'Subject access request' };

const SECTIONS = [
  ['PERSON', 'Their details'],
  ['ACCOUNT', 'Their account'],
  ['CASE', 'Cases'],
  ['SANCTION', 'Sanctions'],
  ['EVENT', 'Timeline entries'],
  ['LETTER', 'Letters'],
  ['EVIDENCE', 'Evidence'],
  ['AUDIT', 'Who viewed or changed their records'],
] as const;

const DECISION_WORDS = { RELEASE: 'Release', REDACT: 'Release with parts taken out', WITHHOLD: 'Withhold' } as const;

/** One request: everything the network holds about the person, a decision per item, and the release. */
export default async function AccessRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageUser();
  if (!canHandleAccessRequests(ctx.user)) notFound();
  const { id } = await params;
  const r = await getAccessRequest(ctx.user, id, ctx).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  const org = await db.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: { name: true } });
  const undecided = r.items.filter((i) => i.effective === 'UNDECIDED').length;
  const open = r.status === 'OPEN';
  return (
    <>
      <PageHeader title={`Subject access request: ${r.personName}`}>
        <p>
          Received {formatUkDate(r.receivedOn)}
          {r.source === 'ON_BEHALF' && r.requesterName ? `, made on their behalf by ${r.requesterName}` : ''}. Due{' '}
          <strong>{formatUkDate(r.dueOn)}</strong>
          {r.extended && ' (extended)'}.
        </p>
        <p className="text-sm text-stone-700">{r.rule}</p>
        {r.warning && <p className="text-sm text-amber-900">{r.warning}</p>}
        {r.note && <p>Note: {r.note}</p>}
      </PageHeader>
      <p className="mb-4">
        <Link href="/access-requests">All subject access requests</Link>
      </p>
      {!open ? (
        <Alert kind="success" title="Released">
          The response was released on {formatUkDate(r.releasedOn!)} ({r.pageCount} pages).{' '}
          <a href={`/api/access-requests/${r.id}/pdf`} download>
            Download the PDF
          </a>
          . The person can also download it from their account page.
        </Alert>
      ) : (
        <div className="mb-6 flex flex-wrap gap-4 items-start">{!r.extended && <ExtendButton requestId={r.id} />}</div>
      )}
      <p className="mb-6 max-w-3xl">
        Everything the network holds about {r.personName}, caseworkers’ notes and activity records included: they are
        their data too. What they can already see, and the records of who handled their data, are released unless you
        decide otherwise; everything else needs a decision (marked <Badge tone="warning">Decide</Badge>). Withheld items
        appear in the response only as a count per exemption.
      </p>
      {SECTIONS.map(([type, title]) => {
        const items = r.items.filter((i) => i.type === type);
        if (!items.length) return null;
        return (
          <section key={type} aria-labelledby={`sec-${type}`} className="mb-8">
            <h2 id={`sec-${type}`} className="text-xl font-bold mb-3">
              {title} ({items.length})
            </h2>
            <ul className="grid gap-3">
              {items.map((item) => (
                <li key={`${item.type}:${item.id}`} className="rounded-lg border-2 border-stone-300 bg-white p-3">
                  <p className="flex flex-wrap items-baseline gap-x-3">
                    <strong>{item.heading}</strong>
                    {item.reference && item.type !== 'CASE' && <span>{item.reference}</span>}
                    {item.flags.map((f) => (
                      <Badge key={f} tone="warning">
                        {f}
                      </Badge>
                    ))}
                    {item.effective === 'UNDECIDED' ? (
                      <Badge tone="warning">Decide</Badge>
                    ) : (
                      <Badge tone={item.effective === 'WITHHOLD' ? 'bad' : 'good'}>
                        {DECISION_WORDS[item.effective]}
                        {item.effective === 'WITHHOLD' && item.decision?.exemption
                          ? `: ${EXEMPTION_LABELS[item.decision.exemption as AccessExemptionName]}`
                          : ''}
                      </Badge>
                    )}
                  </p>
                  {item.text && <p className="whitespace-pre-line mt-1">{item.text}</p>}
                  {item.file && (
                    <p className="text-sm text-stone-700 break-all">
                      File {item.file.name}, SHA-256 {item.file.sha256}
                    </p>
                  )}
                  {open && (
                    <details className="mt-2" open={item.effective === 'UNDECIDED'}>
                      <summary className="cursor-pointer font-semibold min-h-12 flex items-center">
                        {item.effective === 'UNDECIDED' ? 'Decide' : 'Change the decision'}
                      </summary>
                      <ItemDecisionForm
                        requestId={r.id}
                        itemType={item.type}
                        itemId={item.id}
                        label={item.heading}
                        text={item.text}
                        was={
                          item.decision
                            ? {
                                decision: item.decision.decision,
                                exemption: item.decision.exemption,
                                reason: item.decision.reason,
                                redactedText: item.decision.redactedText,
                              }
                            : null
                        }
                        fallback={item.effective === 'UNDECIDED' ? null : 'RELEASE'}
                      />
                    </details>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {open && (
        <section aria-labelledby="release-heading" className="mb-10 max-w-3xl">
          <h2 id="release-heading" className="text-2xl font-bold mb-3">
            Release the response
          </h2>
          <ReleaseForm
            requestId={r.id}
            undecided={undecided}
            letter={draftCoveringLetter(r, {
              organisation: org?.name ?? 'The network',
              signature: ctx.user.name,
            })}
          />
        </section>
      )}
      {!open && r.coveringLetter && (
        <section aria-labelledby="letter-heading" className="mb-10 max-w-3xl">
          <h2 id="letter-heading" className="text-2xl font-bold mb-3">
            Covering letter as released
          </h2>
          <p className="whitespace-pre-line">{r.coveringLetter}</p>
          <p className="mt-3">
            <a className={secondaryLinkButtonClass} href={`/api/access-requests/${r.id}/pdf`} download>
              Download the response (PDF)
            </a>
          </p>
        </section>
      )}
    </>
  );
}
