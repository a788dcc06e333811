import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { assertActor, canDecideErasure, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export type ErasureRequestRow = {
  id: string;
  status: 'REQUESTED' | 'APPROVED' | 'REFUSED' | 'DONE';
  createdAt: Date;
  decidedAt: Date | null;
  completedAt: Date | null;
  onBehalf: boolean;
  reason: string | null;
  caseCount: number | null;
  fileCount: number | null;
  /** While the person's data is still held: who they are and their cases, for the coordinator to check. */
  person: {
    name: string;
    email: string | null;
    cases: { reference: string; stage: string; appealStatus: string }[];
  } | null;
};

/** Every request, waiting ones first, for coordinators only; the view is audited. */
export async function findErasureRequests(actor: Actor, ctx: Ctx): Promise<ErasureRequestRow[]> {
  assertActor(actor);
  if (!canDecideErasure(actor)) throw new NotFoundError();
  const rows = await db.erasureRequest.findMany({
    orderBy: [{ createdAt: 'desc' }],
    take: 200,
    select: {
      id: true,
      status: true,
      createdAt: true,
      decidedAt: true,
      completedAt: true,
      onBehalf: true,
      reason: true,
      caseCount: true,
      fileCount: true,
      personId: true,
      userId: true,
    },
  });
  const personIds = rows.flatMap((r) => (r.personId && r.status !== 'DONE' ? [r.personId] : []));
  const userIds = rows.flatMap((r) => (r.userId && r.status !== 'DONE' ? [r.userId] : []));
  const [people, users] = await Promise.all([
    db.person.findMany({
      where: { id: { in: personIds } },
      select: {
        id: true,
        fullName: true,
        email: true,
        cases: { select: { reference: true, stage: true, appealStatus: true }, orderBy: { createdAt: 'asc' } },
      },
    }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }),
  ]);
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: 'erasure.view',
      entityType: 'ErasureRequest',
      entityId: 'list',
      fields: [`requests:${rows.length}`],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  const order = { REQUESTED: 0, APPROVED: 1, REFUSED: 2, DONE: 3 } as const;
  return rows
    .map((r) => {
      const p = people.find((x) => x.id === r.personId);
      const u = users.find((x) => x.id === r.userId);
      const person = p
        ? { name: p.fullName, email: u?.email ?? p.email, cases: p.cases }
        : u
          ? { name: u.name, email: u.email, cases: [] }
          : null;
      return { ...r, person: r.status === 'DONE' ? null : person };
    })
    .sort((a, b) => order[a.status] - order[b.status]);
}

export type OwnErasureRequest = {
  id: string;
  status: 'REQUESTED' | 'APPROVED' | 'REFUSED' | 'DONE';
  createdAt: Date;
  decidedAt: Date | null;
  reason: string | null;
} | null;

/** The member's latest request, for their Account page (a refusal shows with its reason). */
export async function getOwnErasureRequest(actor: Actor): Promise<OwnErasureRequest> {
  assertActor(actor);
  return db.erasureRequest.findFirst({
    where: { userId: actor.id },
    orderBy: { createdAt: 'desc' },
    select: { id: true, status: true, createdAt: true, decidedAt: true, reason: true },
  });
}
