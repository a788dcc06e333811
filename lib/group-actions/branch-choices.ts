import { db } from '../db/client';

/** Every branch with its region, for choosing the branches a group action hit (records, not free text). */
export async function findBranchChoices() {
  const rows = await db.branch.findMany({
    orderBy: [{ region: { name: 'asc' } }, { name: 'asc' }],
    select: { id: true, name: true, region: { select: { name: true } } },
  });
  return rows.map((b) => ({ id: b.id, name: b.name, region: b.region.name }));
}
