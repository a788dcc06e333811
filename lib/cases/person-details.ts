import type { Tx } from '../db/client';
import { changedFields, writeAudit } from '../audit/write-audit';
import { InvalidError } from '../errors';

// A person's details live once, on Person, and are shared by all of that person's cases. These are the
// pieces every path that writes them uses: the intake (a member's first or second case), a case opened by
// staff, a claim that merges two Person rows, and an edit of the details.

export type PersonDetails = {
  fullName: string;
  membershipNumber: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: string | null;
  branchId: string | null;
  regionId: string | null;
  rolesHeld: string[];
};

export const PERSON_DETAIL_FIELDS = [
  'fullName',
  'membershipNumber',
  'email',
  'phone',
  'postalAddress',
  'branchId',
  'regionId',
  'rolesHeld',
] as const;

/**
 * The region that goes with a branch (a branch names its region), checking both exist: a branch from
 * another region than the one chosen is refused next to the field.
 */
export async function resolveBranchRegion(
  tx: Tx,
  input: { regionId?: string | null; branchId?: string | null },
): Promise<string | null> {
  return (await resolveBranchRegions(tx, [input]))[0]!;
}

/** The same for many people at once, with one read of the branches and one of the regions named. */
export async function resolveBranchRegions(
  tx: Tx,
  inputs: { regionId?: string | null; branchId?: string | null }[],
): Promise<(string | null)[]> {
  const branchIds = [...new Set(inputs.map((i) => i.branchId).filter((x): x is string => !!x))];
  const regionIds = [...new Set(inputs.map((i) => i.regionId).filter((x): x is string => !!x))];
  const [branches, regions] = await Promise.all([
    branchIds.length
      ? tx.branch.findMany({ where: { id: { in: branchIds } }, select: { id: true, regionId: true } })
      : [],
    regionIds.length ? tx.region.findMany({ where: { id: { in: regionIds } }, select: { id: true } }) : [],
  ]);
  const regionOf = new Map(branches.map((b) => [b.id, b.regionId]));
  const knownRegions = new Set(regions.map((r) => r.id));
  return inputs.map((input) => {
    const regionId = input.regionId ?? null;
    if (input.branchId) {
      const branchRegion = regionOf.get(input.branchId);
      if (!branchRegion)
        throw new InvalidError('Please check the highlighted fields.', { branchId: 'Choose a branch from the list' });
      if (regionId && regionId !== branchRegion)
        throw new InvalidError('Please check the highlighted fields.', {
          branchId: 'That branch is not in the region you chose',
        });
      return branchRegion;
    }
    if (regionId && !knownRegions.has(regionId))
      throw new InvalidError('Please check the highlighted fields.', { regionId: 'Choose a region from the list' });
    return regionId;
  });
}

/** Only the details that were given: a blank field (or no roles ticked) is "not said", never "now empty". */
export function givenDetails(details: Partial<Record<keyof PersonDetails, unknown>>): Partial<PersonDetails> {
  const out: Record<string, unknown> = {};
  for (const key of PERSON_DETAIL_FIELDS) {
    const value = details[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out as Partial<PersonDetails>;
}

/**
 * Applies the given details to a person (locked for the rest of the transaction): a given value that
 * differs from the stored one is an update (or, with onlyEmpty, only a value for an empty field), anything not given is kept. Returns the names of the fields
 * changed; the person's version moves on when anything did, so an edit form opened before fails cleanly.
 */
export async function fillPersonDetails(
  tx: Tx,
  personId: string,
  given: Partial<PersonDetails>,
  opts: { onlyEmpty?: boolean } = {},
): Promise<string[]> {
  await tx.$queryRaw`SELECT "id" FROM "Person" WHERE "id" = ${personId} FOR UPDATE`;
  const current = await tx.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      fullName: true,
      membershipNumber: true,
      email: true,
      phone: true,
      postalAddress: true,
      branchId: true,
      regionId: true,
      rolesHeld: true,
    },
  });
  // onlyEmpty (the spreadsheet import's "update empty fields"): a stored value is kept even when the sheet differs.
  const offered = opts.onlyEmpty
    ? Object.fromEntries(Object.entries(given).filter(([k]) => isEmptyDetail(current[k as keyof typeof current])))
    : given;
  const changed = changedFields(current as Record<string, unknown>, offered as Record<string, unknown>);
  if (changed.length) {
    const data = Object.fromEntries(changed.map((k) => [k, given[k as keyof PersonDetails]]));
    await tx.person.update({ where: { id: personId }, data: { ...data, version: { increment: 1 } } });
  }
  return changed;
}

const isEmptyDetail = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * One audit row per case of the person (details are shared, so the change shows on every case's
 * Activity), with field names only. Staff who cannot open some of those cases learn nothing: the rows
 * are read only through a case the reader can open.
 */
export async function auditPersonChange(
  tx: Tx,
  personId: string,
  fields: string[],
  audit: { actorId: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  if (!fields.length) return;
  const cases = await tx.case.findMany({ where: { personId }, select: { id: true } });
  for (const c of cases) {
    await writeAudit(tx, {
      ...audit,
      action: 'person.update',
      entityType: 'Person',
      entityId: personId,
      caseId: c.id,
      fields,
    });
  }
}
