import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { CLAIM_LINK_DAYS, getClaimLinksPage } from '@/lib/cases/claim-case';
import { MakeClaimLink, RevokeClaimLink } from '@/lib/cases/components/claim-links';
import { formatTimestamp } from '@/lib/dates/partial-date';
import { NotFoundError } from '@/lib/errors';
import { Alert, Badge, PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Invite the member to claim the case' };

const STATE = {
  open: { text: 'Not used yet', tone: 'warning' },
  used: { text: 'Used', tone: 'good' },
  expired: { text: 'Expired', tone: 'neutral' },
  revoked: { text: 'Turned off', tone: 'neutral' },
} as const;

export default async function ClaimLinksPage({
  params,
  searchParams,
}: {
  params: Promise<{ reference: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requirePageUser(['CASEWORKER', 'COORDINATOR']);
  const { reference } = await params;
  const sp = await searchParams;
  const { kase, links } = await getClaimLinksPage(ctx.user, reference, ctx).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return (
    <div className="max-w-2xl">
      <p className="mb-3">
        <Link href={`/cases/${kase.reference}`}>← Back to the case</Link>
      </p>
      {sp.created && (
        <Alert kind="success" title="The case is open">
          {kase.reference} has been opened for {kase.person.fullName}. You can now give them a link to see it
          themselves, or do it later from the case’s Details tab.
        </Alert>
      )}
      <PageHeader title="Invite the member to claim the case">
        <p className="font-mono text-stone-700">{kase.reference}</p>
      </PageHeader>
      {kase.person.userId ? (
        <Alert kind="info" title="Already on the member’s account">
          {kase.person.fullName} can see this case when they sign in.
        </Alert>
      ) : (
        <section aria-labelledby="make-heading" className="mb-8">
          <h2 id="make-heading" className="sr-only">
            Make a link
          </h2>
          <p className="mb-4">
            A link lets {kase.person.fullName} add this case to their own account: they sign in, or create an account,
            and then see it. It works once, for {CLAIM_LINK_DAYS} days. Staff accounts cannot use it.
          </p>
          <MakeClaimLink caseId={kase.id} email={kase.person.email} days={CLAIM_LINK_DAYS} />
        </section>
      )}
      <section aria-labelledby="links-heading">
        <h2 id="links-heading" className="text-xl font-bold mb-2">
          Links made
        </h2>
        {links.length === 0 ? (
          <p>No link has been made yet.</p>
        ) : (
          <ul className="grid gap-3">
            {links.map((l) => (
              <li key={l.id} className="rounded-lg border border-stone-300 bg-white p-4">
                <p className="mb-1">
                  <Badge tone={STATE[l.state].tone}>{STATE[l.state].text}</Badge>
                </p>
                <p>
                  Made {formatTimestamp(l.createdAt)} by {l.sentBy.name}
                  {l.email ? `, emailed to ${l.email}` : ', not emailed'}.
                </p>
                {l.state === 'used' && l.usedAt && (
                  <p>
                    Used {formatTimestamp(l.usedAt)}
                    {l.usedBy ? ` by ${l.usedBy.name}` : ''}.
                  </p>
                )}
                {l.state === 'open' && <p className="mb-2">Works until {formatTimestamp(l.expiresAt)}.</p>}
                {l.state === 'revoked' && l.revokedAt && <p>Turned off {formatTimestamp(l.revokedAt)}.</p>}
                {l.state === 'open' && <RevokeClaimLink claimId={l.id} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
