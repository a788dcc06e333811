import { db } from '../db/client';

/** Regions, branches and caseworkers for the coordinator's filters: records, not free text. */
export async function findFilterOptions(includeCaseworkers: boolean) {
  const [regions, branches, caseworkers] = await Promise.all([
    db.region.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.branch.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, regionId: true } }),
    includeCaseworkers
      ? db.user.findMany({ where: { role: { in: ['CASEWORKER', 'COORDINATOR'] } }, orderBy: { name: 'asc' }, select: { id: true, name: true } })
      : Promise.resolve([]),
  ]);
  return { regions, branches, caseworkers };
}
