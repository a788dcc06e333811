import { db } from '../db/client';
import { canManageOrganisation, type Actor } from '../auth/policy';
import { NotFoundError } from '../errors';

/** Everything the settings page shows: the organisation, its bodies, regions and branches (with what uses each). */
export async function getOrganisationSettings(actor: Actor) {
  if (!canManageOrganisation(actor)) throw new NotFoundError();
  const organisation = await db.organisation.findFirst({
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      name: true,
      jurisdiction: true,
      defaultResponseDays: true,
      defaultAppealDays: true,
      bodies: {
        orderBy: { kind: 'asc' },
        select: { id: true, kind: true, name: true, postalAddress: true, email: true },
      },
    },
  });
  const [regions, branches] = await Promise.all([
    db.region.findMany({
      orderBy: { name: 'asc' },
      select: { id: true, name: true, _count: { select: { branches: true, people: true } } },
    }),
    db.branch.findMany({
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        regionId: true,
        constituency: true,
        memberCount: true,
        region: { select: { name: true } },
        _count: { select: { people: true } },
      },
    }),
  ]);
  // Cases "in" a branch: the member's branch now, or one in the case's branch history (a case can belong to several).
  const caseCounts = await Promise.all(
    branches.map((b) =>
      db.case.count({ where: { OR: [{ person: { branchId: b.id } }, { branches: { some: { branchId: b.id } } }] } }),
    ),
  );
  return { organisation, regions, branches: branches.map((b, i) => ({ ...b, caseCount: caseCounts[i]! })) };
}

export type OrganisationSettings = Awaited<ReturnType<typeof getOrganisationSettings>>;
