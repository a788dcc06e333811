import { BODY_LABELS, CONSENT_METHOD_LABELS, REASON_LABELS, ROLES_HELD, SANCTION_TYPE_LABELS } from '../cases/labels';
import { STAFF_CONSENT_METHODS } from '../cases/consent-methods';
import type { BodyKind, ConsentMethod, ReasonCategory, SanctionType } from '../db/generated/enums';

// A sheet's words for the product's choices: the label as the forms show it, the key, or a common short
// form ("admin suspension", "NEC", "social media"). Anything else is a problem named on the row.

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[‘’'"“”()]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function matcher<K extends string>(labels: Record<K, string>, extra: Record<string, K>) {
  const table = new Map<string, K>();
  for (const [key, label] of Object.entries(labels) as [K, string][]) {
    table.set(norm(key), key);
    table.set(norm(label), key);
  }
  for (const [word, key] of Object.entries(extra)) table.set(norm(word), key);
  return (text: string): K | undefined => table.get(norm(text));
}

export const matchSanctionType = matcher<SanctionType>(SANCTION_TYPE_LABELS, {
  'administrative suspension': 'ADMINISTRATIVE_SUSPENSION',
  'admin suspension': 'ADMINISTRATIVE_SUSPENSION',
  suspended: 'SUSPENSION',
  expelled: 'EXPULSION',
  'auto exclusion': 'AUTO_EXCLUSION',
  'auto excluded': 'AUTO_EXCLUSION',
  'whip withdrawn': 'WHIP_WITHDRAWN',
  'whip removed': 'WHIP_WITHDRAWN',
  'endorsement withheld': 'ENDORSEMENT_WITHHELD',
  'branch suspended': 'BRANCH_SUSPENDED',
  'membership refused': 'MEMBERSHIP_REFUSED',
  'rejoin refused': 'MEMBERSHIP_REFUSED',
  other: 'OTHER',
});

export const matchBody = matcher<BodyKind>(BODY_LABELS, {
  'general secretary': 'GENERAL_SECRETARY',
  'gen sec': 'GENERAL_SECRETARY',
  gls: 'GOVERNANCE_LEGAL_UNIT',
  'governance and legal': 'GOVERNANCE_LEGAL_UNIT',
  nec: 'NEC_DISPUTES_PANEL',
  'nec disputes panel': 'NEC_DISPUTES_PANEL',
  'disputes panel': 'NEC_DISPUTES_PANEL',
  'regional office': 'REGIONAL_OFFICE',
  region: 'REGIONAL_OFFICE',
  leader: 'PARTY_LEADER',
  court: 'COURT',
  'not sure': 'OTHER',
  unknown: 'OTHER',
  other: 'OTHER',
});

export const matchReason = matcher<ReasonCategory>(REASON_LABELS, {
  motion: 'MOTION',
  'allowed a debate': 'MOTION',
  'allowed a motion': 'MOTION',
  'social media': 'SOCIAL_MEDIA',
  'social media post': 'SOCIAL_MEDIA',
  tweet: 'SOCIAL_MEDIA',
  'proscribed organisation': 'PROSCRIBED_ORGANISATION',
  proscribed: 'PROSCRIBED_ORGANISATION',
  antisemitism: 'DISCRIMINATION',
  discrimination: 'DISCRIMINATION',
  'conduct prejudicial': 'PREJUDICIAL_CONDUCT',
  'prejudicial conduct': 'PREJUDICIAL_CONDUCT',
  disrepute: 'PREJUDICIAL_CONDUCT',
  'supporting another candidate': 'OPPOSING_CANDIDATE',
  'opposing candidate': 'OPPOSING_CANDIDATE',
  other: 'OTHER',
  none: 'OTHER',
  'no reason given': 'OTHER',
});

const matchConsentAny = matcher<ConsentMethod>(CONSENT_METHOD_LABELS, {
  written: 'IN_WRITING',
  letter: 'IN_WRITING',
  email: 'IN_WRITING',
  'signed form': 'IN_WRITING',
  phone: 'BY_PHONE',
  telephone: 'BY_PHONE',
  'by telephone': 'BY_PHONE',
  'face to face': 'IN_PERSON',
  person: 'IN_PERSON',
});

/** How the member agreed, as staff record it (never "online": an imported case was not logged by the member). */
export function matchConsentMethod(text: string): (typeof STAFF_CONSENT_METHODS)[number] | undefined {
  const m = matchConsentAny(text);
  return m && (STAFF_CONSENT_METHODS as readonly string[]).includes(m)
    ? (m as (typeof STAFF_CONSENT_METHODS)[number])
    : undefined;
}

const ROLE_WORDS = new Map<string, (typeof ROLES_HELD)[number]>([
  ...ROLES_HELD.map((r) => [norm(r), r] as const),
  ['branch chair', 'Chair'],
  ['chairperson', 'Chair'],
  ['branch secretary', 'Secretary'],
  ['branch treasurer', 'Treasurer'],
  ['officer', 'Other branch officer'],
  ['branch officer', 'Other branch officer'],
  ['vice chair', 'Other branch officer'],
  ['cllr', 'Councillor'],
  ['mp', 'Member of Parliament'],
  ['union delegate', 'Trade union delegate'],
]);

/** "Chair; Councillor" → the roles, and the words that name none. */
export function matchRoles(text: string): { roles: (typeof ROLES_HELD)[number][]; unknown: string[] } {
  const roles = new Set<(typeof ROLES_HELD)[number]>();
  const unknown: string[] = [];
  for (const part of text.split(/[;,/|\n]+| and /i)) {
    const w = norm(part);
    if (!w) continue;
    const r = ROLE_WORDS.get(w);
    if (r) roles.add(r);
    else unknown.push(part.trim());
  }
  return { roles: [...roles], unknown };
}
