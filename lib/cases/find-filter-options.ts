import { db } from '../db/client';

type Options = Awaited<ReturnType<typeof loadFilterOptions>>;
const TTL_MS = 30_000;
const cached = new Map<boolean, { at: number; value: Promise<Options> }>();

/**
 * Regions, branches and caseworkers for the filters: records, not free text. They change rarely
 * and hold no case data, so each server process keeps them for 30 seconds; the process that adds or
 * renames a region or branch, or adds or changes a staff account, forgets them at once
 * (forgetFilterOptions), other web processes within those 30 seconds.
 */
export function findFilterOptions(includeCaseworkers: boolean): Promise<Options> {
  const hit = cached.get(includeCaseworkers);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = loadFilterOptions(includeCaseworkers);
  cached.set(includeCaseworkers, { at: Date.now(), value });
  value.catch(() => cached.delete(includeCaseworkers));
  return value;
}

async function loadFilterOptions(includeCaseworkers: boolean) {
  const [regions, branches, caseworkers] = await Promise.all([
    db.region.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.branch.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, regionId: true } }),
    includeCaseworkers
      ? db.user.findMany({
          where: { role: { in: ['CASEWORKER', 'COORDINATOR'] } },
          orderBy: { name: 'asc' },
          select: { id: true, name: true },
        })
      : Promise.resolve([]),
  ]);
  return { regions, branches, caseworkers };
}

/** Call after a change to regions, branches or staff accounts has committed. */
export function forgetFilterOptions(): void {
  cached.clear();
}
