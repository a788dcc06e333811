import { APPEAL_STATUS_LABELS, CONSENT_METHOD_LABELS, OUTCOME_LABELS, STAGE_LABELS, WANTS_LABELS } from '../labels';
import { Badge } from '../../ui/feedback';
import { formatTimestamp } from '../../dates/partial-date';
import type { CaseView } from '../get-case';

export function CaseHeader({ kase }: { kase: CaseView }) {
  return (
    <div className="mb-4">
      <p className="font-mono text-stone-700">{kase.reference}</p>
      <h1 className="text-3xl font-bold mb-2">{kase.person.fullName}</h1>
      <div className="flex flex-wrap gap-2">
        <Badge>{STAGE_LABELS[kase.stage]}</Badge>
        {kase.outcome && <Badge>Outcome: {OUTCOME_LABELS[kase.outcome]}</Badge>}
        <Badge>{APPEAL_STATUS_LABELS[kase.appealStatus]}</Badge>
        {kase.consentWithdrawnAt && <Badge tone="bad">Agreement withdrawn</Badge>}
      </div>
    </div>
  );
}

export function CaseDetails({ kase }: { kase: CaseView }) {
  const p = kase.person;
  return (
    <section aria-labelledby="details-heading" className="grid gap-6">
      <h2 id="details-heading" className="sr-only">
        Details
      </h2>
      {/* What was imposed: every sanction, in order, is lib/sanctions/components/sanctions-panel.tsx beside this. */}
      <div>
        <h3 className="text-xl font-bold mb-2">Where the case stands</h3>
        <dl className="bg-white rounded-lg border border-stone-300 p-4 grid gap-2 sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Stage</dt>
          <dd>{STAGE_LABELS[kase.stage]}</dd>
          <dt className="font-semibold">Outcome</dt>
          <dd>{kase.outcome ? OUTCOME_LABELS[kase.outcome] : 'Not known yet'}</dd>
          <dt className="font-semibold">Appeal</dt>
          <dd>{APPEAL_STATUS_LABELS[kase.appealStatus]}</dd>
        </dl>
      </div>
      <div>
        <h3 className="text-xl font-bold mb-2">About the member</h3>
        <dl className="bg-white rounded-lg border border-stone-300 p-4 grid gap-2 sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Membership number</dt>
          <dd>{p.membershipNumber ?? 'Not given'}</dd>
          <dt className="font-semibold">Branch</dt>
          <dd>{p.branch?.name ?? 'Not given'}</dd>
          <dt className="font-semibold">Region</dt>
          <dd>{p.region?.name ?? 'Not given'}</dd>
          <dt className="font-semibold">Roles held</dt>
          <dd>{p.rolesHeld.length ? p.rolesHeld.join(', ') : 'None given'}</dd>
          <dt className="font-semibold">Phone</dt>
          <dd>{p.phone ?? 'Not given'}</dd>
          <dt className="font-semibold">Postal address</dt>
          <dd className="whitespace-pre-wrap">{p.postalAddress ?? 'Not given'}</dd>
          <dt className="font-semibold">Wants</dt>
          <dd>{kase.wants.map((w) => WANTS_LABELS[w as keyof typeof WANTS_LABELS] ?? w).join(', ') || 'Not given'}</dd>
          <dt className="font-semibold">Case opened</dt>
          <dd>{formatTimestamp(kase.createdAt)}</dd>
          {kase.consentMethod && kase.consentMethod !== 'ONLINE' && kase.consentGivenAt && (
            <>
              <dt className="font-semibold">Agreement</dt>
              <dd>
                {CONSENT_METHOD_LABELS[kase.consentMethod]}, {formatTimestamp(kase.consentGivenAt)}
                {kase.consentTakenBy ? `, taken by ${kase.consentTakenBy.name}` : ''}
                {kase.consentNote ? <span className="block text-stone-700">Staff note: {kase.consentNote}</span> : null}
              </dd>
            </>
          )}
        </dl>
        {kase.summary && (
          <p className="mt-3 whitespace-pre-wrap bg-white rounded-lg border border-stone-300 p-4">{kase.summary}</p>
        )}
      </div>
    </section>
  );
}
