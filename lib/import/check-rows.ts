import { db, type Tx } from '../db/client';
import { caseScope, type Actor } from '../auth/policy';
import { createCaseForMemberSchema, type CreateCaseForMemberData } from '../cases/details-schemas';
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from './fields';
import { parseSheetDate, toIsoDay } from './sheet-date';
import { matchBody, matchConsentMethod, matchReason, matchRoles, matchSanctionType } from './choices';

// Every row of a sheet checked against the same rules as a case staff open by hand (the zod schema of
// lib/cases/details-schemas.ts), plus what only a sheet has: names of branches and regions, words for the
// choices, dates as typed, the same member twice in the sheet, and a member already on Reinstate.

export type RowProblem = { field: ImportField | 'row'; message: string };
export type PersonMatch = {
  personId: string;
  fullName: string;
  by: 'membership number' | 'email';
  references: string[];
};
export type CheckedRow = {
  line: number;
  name: string;
  problems: RowProblem[];
  match: PersonMatch | null;
  /** The case to open, when the row has no problems (server side only: never sent to the browser). */
  input: CreateCaseForMemberData | null;
};

/** What imported cases are for, since a sheet rarely says: the network's review "with a view to reinstatement". */
export const IMPORTED_WANTS = ['REINSTATEMENT'] as const;

// Our own CSVs (rejected rows, the case list) put ' before a cell starting with = + - @ so that a spreadsheet
// does not run it: a sheet sent back after fixing has it still, and it is not part of the value.
const unescape = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

const ZOD_FIELD: Record<string, ImportField | 'row'> = {
  fullName: 'fullName',
  membershipNumber: 'membershipNumber',
  email: 'email',
  phone: 'phone',
  postalAddress: 'postalAddress',
  branchId: 'branch',
  regionId: 'region',
  rolesHeld: 'rolesHeld',
  sanctionType: 'sanctionType',
  imposedOn: 'imposedOn',
  imposedBy: 'imposedBy',
  reasonCategory: 'reasonCategory',
  reasonText: 'reasonText',
  summary: 'summary',
  consentMethod: 'consentMethod',
  consentGivenOn: 'consentGivenOn',
  consentNote: 'consentNote',
};

type Places = {
  branches: Map<string, { id: string; regionId: string; name: string }>;
  regions: Map<string, { id: string; name: string }>;
};

const CHOICE_WORDS: Partial<Record<ImportField, string>> = {
  sanctionType: 'a sanction type we know',
  imposedBy: 'a body we know (for example General Secretary, NEC, NCC, regional office)',
  reasonCategory: 'a stated reason we know (for example motion, social media, proscribed organisation)',
  consentMethod: 'a way of agreeing we know: in writing, by phone or in person',
};

const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

async function loadPlaces(tx: Tx): Promise<Places> {
  const [branches, regions] = await Promise.all([
    tx.branch.findMany({ select: { id: true, name: true, regionId: true } }),
    tx.region.findMany({ select: { id: true, name: true } }),
  ]);
  return {
    branches: new Map(branches.map((b) => [key(b.name), b])),
    regions: new Map(regions.map((r) => [key(r.name), r])),
  };
}

/** One row's values by field (a field mapped to no column is blank). */
export function valuesOf(cells: string[], mapping: ColumnMapping): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  mapping.forEach((field, i) => {
    if (field) out[field] = unescape((cells[i] ?? '').trim());
  });
  return out;
}

function readRow(v: Partial<Record<ImportField, string>>, places: Places) {
  const problems: RowProblem[] = [];
  const say = (field: ImportField, message: string) => problems.push({ field, message });
  const raw: Record<string, unknown> = {
    fullName: v.fullName ?? '',
    membershipNumber: v.membershipNumber,
    email: v.email,
    phone: v.phone,
    postalAddress: v.postalAddress,
    reasonText: v.reasonText,
    summary: v.summary,
    consentNote: v.consentNote,
    wants: [...IMPORTED_WANTS],
    rolesHeld: [],
  };
  if (!v.fullName) say('fullName', 'The name is missing');

  let branchRegion: string | undefined;
  if (v.branch) {
    const b = places.branches.get(key(v.branch));
    if (!b) say('branch', `Unknown branch “${v.branch}”: correct it, or add the branch under Settings first`);
    else {
      raw.branchId = b.id;
      branchRegion = b.regionId;
    }
  }
  if (v.region) {
    const r = places.regions.get(key(v.region));
    if (!r) say('region', `Unknown region “${v.region}”: correct it, or add the region under Settings first`);
    else if (branchRegion && branchRegion !== r.id) say('branch', `The branch “${v.branch}” is not in ${r.name}`);
    else raw.regionId = r.id;
  }
  if (v.rolesHeld) {
    const { roles, unknown } = matchRoles(v.rolesHeld);
    raw.rolesHeld = roles;
    if (unknown.length) say('rolesHeld', `Unknown role “${unknown.join('”, “')}”`);
  }
  const choice = <K>(field: ImportField, text: string | undefined, match: (t: string) => K | undefined, blank?: K) => {
    if (!text) {
      if (blank === undefined) say(field, `The ${IMPORT_FIELDS[field].label.toLowerCase()} is missing`);
      return blank;
    }
    const m = match(text);
    if (m === undefined) say(field, `“${text}” is not ${CHOICE_WORDS[field] ?? 'a choice we know'}`);
    return m;
  };
  raw.sanctionType = choice('sanctionType', v.sanctionType, matchSanctionType);
  raw.imposedBy = choice('imposedBy', v.imposedBy, matchBody, 'OTHER' as const);
  raw.reasonCategory = choice('reasonCategory', v.reasonCategory, matchReason, 'OTHER' as const);
  raw.consentMethod = choice('consentMethod', v.consentMethod, matchConsentMethod);

  if (!v.imposedOn) say('imposedOn', 'The date of the sanction is missing');
  else {
    const d = parseSheetDate(v.imposedOn);
    if (!d) say('imposedOn', `The date “${v.imposedOn}” cannot be read: write it like 3/4/2021, Dec 2020 or 2017`);
    else raw.imposedOn = d;
  }
  if (!v.consentGivenOn) say('consentGivenOn', 'The date the member agreed is missing');
  else {
    const day = toIsoDay(parseSheetDate(v.consentGivenOn));
    if (!day) say('consentGivenOn', `The consent date “${v.consentGivenOn}” needs the exact day, like 3/4/2021`);
    else raw.consentGivenOn = day;
  }
  if (problems.length) return { problems, input: null };

  const parsed = createCaseForMemberSchema.safeParse(raw);
  if (parsed.success) return { problems, input: parsed.data };
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = ZOD_FIELD[String(issue.path[0])] ?? 'row';
    if (seen.has(field)) continue;
    seen.add(field);
    problems.push({ field, message: issue.message });
  }
  return { problems, input: null };
}

/** Existing people (on cases the actor can open) by membership number and by email, both compared without case. */
async function findExisting(tx: Tx, actor: Actor, numbers: string[], emails: string[]) {
  const byNumber = new Map<string, PersonMatch>();
  const byEmail = new Map<string, PersonMatch>();
  if (!numbers.length && !emails.length) return { byNumber, byEmail };
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Person"
    WHERE lower("membershipNumber") = ANY(${numbers}::text[]) OR lower("email") = ANY(${emails}::text[])`;
  if (!ids.length) return { byNumber, byEmail };
  const scope = caseScope(actor);
  const people = await tx.person.findMany({
    where: { id: { in: ids.map((r) => r.id) }, cases: { some: scope } },
    select: {
      id: true,
      fullName: true,
      membershipNumber: true,
      email: true,
      cases: { where: scope, select: { reference: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  for (const p of people) {
    const references = p.cases.map((c) => c.reference);
    if (p.membershipNumber)
      byNumber.set(p.membershipNumber.toLowerCase(), {
        personId: p.id,
        fullName: p.fullName,
        by: 'membership number',
        references,
      });
    if (p.email) byEmail.set(p.email.toLowerCase(), { personId: p.id, fullName: p.fullName, by: 'email', references });
  }
  return { byNumber, byEmail };
}

/** Checks every row. Reads branches, regions and existing people once for the whole sheet. */
export async function checkRows(
  actor: Actor,
  mapping: ColumnMapping,
  rows: { line: number; cells: string[] }[],
  tx: Tx = db,
): Promise<CheckedRow[]> {
  const places = await loadPlaces(tx);
  const values = rows.map((r) => valuesOf(r.cells, mapping));
  const numbers = [...new Set(values.map((v) => v.membershipNumber?.toLowerCase()).filter((x): x is string => !!x))];
  const emails = [...new Set(values.map((v) => v.email?.toLowerCase()).filter((x): x is string => !!x))];
  const existing = await findExisting(tx, actor, numbers, emails);
  const firstLineWith = new Map<string, number>();

  return rows.map((row, i) => {
    const v = values[i]!;
    const { problems, input } = readRow(v, places);
    // The same member twice in one sheet: the first row stands, a later one is named.
    for (const [field, value] of [
      ['membershipNumber', v.membershipNumber],
      ['email', v.email],
    ] as const) {
      if (!value) continue;
      const k = `${field}:${value.toLowerCase()}`;
      const first = firstLineWith.get(k);
      if (first !== undefined)
        problems.push({ field, message: `Same ${IMPORT_FIELDS[field].label.toLowerCase()} as row ${first}` });
      else firstLineWith.set(k, row.line);
    }
    const byNumber = v.membershipNumber ? existing.byNumber.get(v.membershipNumber.toLowerCase()) : undefined;
    const byEmail = v.email ? existing.byEmail.get(v.email.toLowerCase()) : undefined;
    if (byNumber && byEmail && byNumber.personId !== byEmail.personId)
      problems.push({
        field: 'row',
        message: `The membership number is ${byNumber.fullName}’s but the email is ${byEmail.fullName}’s: correct one of them`,
      });
    return {
      line: row.line,
      name: v.fullName || '(no name)',
      problems,
      match: byNumber ?? byEmail ?? null,
      input: problems.length ? null : input,
    };
  });
}
