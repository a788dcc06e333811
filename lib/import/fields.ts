// The fields a spreadsheet column can be mapped to, with the words a coordinator reads and the headings
// that map themselves. No zod and no server code: the mapping step in the browser uses this too.

export const IMPORT_FIELDS = {
  fullName: { label: 'Full name', required: true, headings: ['name', 'full name', 'member', 'member name'] },
  membershipNumber: {
    label: 'Membership number',
    headings: ['membership number', 'membership no', 'member number', 'member no', 'membership id', 'number'],
  },
  email: { label: 'Email', headings: ['email', 'email address', 'e-mail'] },
  phone: { label: 'Phone', headings: ['phone', 'phone number', 'telephone', 'tel', 'mobile'] },
  postalAddress: { label: 'Postal address', headings: ['address', 'postal address', 'home address'] },
  branch: { label: 'Branch', headings: ['branch', 'clp', 'constituency party', 'local party'] },
  region: { label: 'Region', headings: ['region'] },
  rolesHeld: { label: 'Roles held', headings: ['role', 'roles', 'roles held', 'position', 'office'] },
  sanctionType: {
    label: 'Sanction type',
    required: true,
    headings: ['sanction', 'sanction type', 'what was done', 'type'],
  },
  imposedOn: {
    label: 'Imposed on (date)',
    required: true,
    headings: ['imposed on', 'date', 'date suspended', 'suspended on', 'date of suspension', 'when'],
  },
  imposedBy: { label: 'Imposed by', headings: ['imposed by', 'by', 'who', 'body'] },
  reasonCategory: { label: 'Stated reason', headings: ['reason', 'stated reason', 'reason category'] },
  reasonText: { label: 'Reason (wording)', headings: ['reason text', 'wording', 'reason wording', 'allegation'] },
  consentMethod: {
    label: 'Consent: how given',
    required: true,
    headings: ['consent', 'consent method', 'how agreed', 'consent how'],
  },
  consentGivenOn: {
    label: 'Consent: date',
    required: true,
    headings: ['consent date', 'consent given', 'date agreed', 'agreed on', 'consent on'],
  },
  consentNote: { label: 'Consent: note', headings: ['consent note', 'consent notes'] },
  summary: { label: 'Summary', headings: ['summary', 'notes', 'note', 'details', 'comments'] },
} as const satisfies Record<string, { label: string; required?: boolean; headings: readonly string[] }>;

export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_KEYS = Object.keys(IMPORT_FIELDS) as [ImportField, ...ImportField[]];
export const REQUIRED_FIELDS = IMPORT_FIELD_KEYS.filter((k) => (IMPORT_FIELDS[k] as { required?: boolean }).required);

/** A column's mapping: a field, or '' (not imported). Aligned with the sheet's headings. */
export type ColumnMapping = (ImportField | '')[];

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The mapping a sheet's headings suggest: a saved mapping's heading first, else a heading that reads
 * like a field's name. A field is taken by one column at most.
 */
export function suggestMapping(headings: string[], saved: Record<string, string> = {}): ColumnMapping {
  const taken = new Set<string>();
  const savedByHeading = new Map(Object.entries(saved).map(([h, f]) => [normalise(h), f]));
  const pick = (field: string | undefined): ImportField | '' => {
    if (!field || !(field in IMPORT_FIELDS) || taken.has(field)) return '';
    taken.add(field);
    return field as ImportField;
  };
  const out: ColumnMapping = headings.map((h) => pick(savedByHeading.get(normalise(h))));
  if (Object.keys(saved).length) return out;
  return headings.map((h, i) => {
    if (out[i]) return out[i]!;
    const n = normalise(h);
    const field = IMPORT_FIELD_KEYS.find((k) => !taken.has(k) && IMPORT_FIELDS[k].headings.some((x) => x === n));
    return pick(field);
  });
}

/** A mapping as saved: heading → field, for the mapped columns only. */
export function mappingToSaved(headings: string[], mapping: ColumnMapping): Record<string, ImportField> {
  const out: Record<string, ImportField> = {};
  headings.forEach((h, i) => {
    const f = mapping[i];
    if (f && h.trim()) out[h.trim()] = f;
  });
  return out;
}

/** The required fields no column is mapped to. */
export function missingRequired(mapping: ColumnMapping): ImportField[] {
  return REQUIRED_FIELDS.filter((f) => !mapping.includes(f));
}
