import { APPEAL_STATUS_LABELS, BODY_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS, STATUS_LABELS, WANTS_LABELS } from '../labels';
import { Badge } from '../../ui/feedback';
import { formatPartialDate, formatTimestamp } from '../../dates/partial-date';
import type { CaseView } from '../get-case';

export function CaseHeader({ kase }: { kase: CaseView }) {
  return (
    <div className="mb-4">
      <p className="font-mono text-stone-700">{kase.reference}</p>
      <h1 className="text-3xl font-bold mb-2">{kase.person.fullName}</h1>
      <div className="flex flex-wrap gap-2">
        <Badge>{STATUS_LABELS[kase.status]}</Badge>
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
      <h2 id="details-heading" className="sr-only">Details</h2>
      <div>
        <h3 className="text-xl font-bold mb-2">What was imposed</h3>
        <ul className="grid gap-3">
          {kase.sanctions.map((s) => (
            <li key={s.id} className="bg-white rounded-lg border border-stone-300 p-4">
              <p className="font-semibold">{SANCTION_TYPE_LABELS[s.type]}</p>
              <p>{formatPartialDate(s.imposedOn, s.imposedPrecision)}{s.imposedBy ? ` · ${BODY_LABELS[s.imposedBy]}` : ''}</p>
              {s.reasonCategory && <p>Reason given: {REASON_LABELS[s.reasonCategory]}</p>}
              {s.reasonText && <blockquote className="border-l-4 border-stone-400 pl-3 mt-2 italic whitespace-pre-wrap">{s.reasonText}</blockquote>}
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h3 className="text-xl font-bold mb-2">About the member</h3>
        <dl className="bg-white rounded-lg border border-stone-300 p-4 grid gap-2 sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Membership number</dt><dd>{p.membershipNumber ?? 'Not given'}</dd>
          <dt className="font-semibold">Branch</dt><dd>{p.branch?.name ?? 'Not given'}</dd>
          <dt className="font-semibold">Region</dt><dd>{p.region?.name ?? 'Not given'}</dd>
          <dt className="font-semibold">Roles held</dt><dd>{p.rolesHeld.length ? p.rolesHeld.join(', ') : 'None given'}</dd>
          <dt className="font-semibold">Wants</dt><dd>{kase.wants.map((w) => WANTS_LABELS[w as keyof typeof WANTS_LABELS] ?? w).join(', ') || 'Not given'}</dd>
          <dt className="font-semibold">Case opened</dt><dd>{formatTimestamp(kase.createdAt)}</dd>
        </dl>
        {kase.summary && <p className="mt-3 whitespace-pre-wrap bg-white rounded-lg border border-stone-300 p-4">{kase.summary}</p>}
      </div>
    </section>
  );
}
