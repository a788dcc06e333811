// Words for the subject access request screens: no zod here, so client components can import them
// without bringing the schemas into the page's JavaScript (lib/ui/lazy-resolver.ts).

export const ACCESS_EXEMPTION_NAMES = [
  'LEGAL_PRIVILEGE',
  'THIRD_PARTY',
  'CRIME_PREVENTION',
  'NEGOTIATIONS',
  'CONFIDENTIAL_REFERENCE',
  'MANIFESTLY_UNFOUNDED',
  'OTHER',
] as const;
export type AccessExemptionName = (typeof ACCESS_EXEMPTION_NAMES)[number];

export const EXEMPTION_LABELS: Record<AccessExemptionName, string> = {
  LEGAL_PRIVILEGE: 'Legal professional privilege',
  THIRD_PARTY: 'It would reveal someone else’s information',
  CRIME_PREVENTION: 'Prevention or detection of crime',
  NEGOTIATIONS: 'Negotiations with the requester',
  CONFIDENTIAL_REFERENCE: 'Confidential reference',
  MANIFESTLY_UNFOUNDED: 'Manifestly unfounded or excessive',
  OTHER: 'Another exemption (say which)',
};

export const ITEM_TYPES = ['PERSON', 'ACCOUNT', 'CASE', 'SANCTION', 'EVENT', 'EVIDENCE', 'LETTER', 'AUDIT'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
