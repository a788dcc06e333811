import { db, type Tx } from '../db/client';
import { canManageOrganisation, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, NotFoundError } from '../errors';
import { syncDeadlines } from '../deadlines/sync-deadlines';
import type { Jurisdiction } from '../deadlines/jurisdictions';
import type { z } from 'zod';
import type { updateOrganisationSchema } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
export const CHANGED_ELSEWHERE =
  'Someone else changed this since you opened the page, so nothing was saved. The page now shows their version: check it, then make your change again.';

/**
 * The party's name, the nation whose bank holidays count, and the default reply and appeal windows.
 * Changing a default recalculates, at once, the deadlines that follow it on every case that does not
 * set its own (see docs/decisions/0018-letters-order-settings.md): deadlines are always worked out from
 * the current settings, so leaving old ones as they were would only last until the case next changed.
 * Waivers, extensions and what met a deadline are kept. Audited with the field names changed.
 */
export async function updateOrganisation(actor: Actor, input: z.output<typeof updateOrganisationSchema>, ctx: Ctx) {
  if (!canManageOrganisation(actor)) throw new NotFoundError();
  return db.$transaction(
    async (tx) => {
      const org = await tx.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
      if (!org) throw new NotFoundError();
      const { was, ...next } = input;
      const data = { ...next, jurisdiction: next.jurisdiction as Jurisdiction };
      const fields = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== was[k]);
      if (fields.length === 0) return { fields, recalculatedCases: 0 };
      const updated = await tx.organisation.updateMany({
        where: { id: org.id, ...was, jurisdiction: was.jurisdiction as Jurisdiction },
        data,
      });
      if (updated.count !== 1) throw new ConflictError(CHANGED_ELSEWHERE);
      const recalculatedCases = await recalculateDefaults(tx, fields);
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'organisation.update',
        entityType: 'Organisation',
        entityId: org.id,
        fields,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return { fields, recalculatedCases };
    },
    { timeout: 120_000 },
  );
}

/** The cases whose deadlines follow a changed default (no setting of their own), recalculated. */
async function recalculateDefaults(tx: Tx, fields: string[]): Promise<number> {
  const or = [
    ...(fields.includes('defaultResponseDays')
      ? [{ deadlines: { some: { kind: 'INVESTIGATION_REPLY' as const } } }]
      : []),
    ...(fields.includes('defaultAppealDays')
      ? [{ appealWindowDays: null, deadlines: { some: { kind: 'APPEAL_WINDOW' as const } } }]
      : []),
    ...(fields.includes('jurisdiction') ? [{ jurisdiction: null, deadlines: { some: {} } }] : []),
  ];
  if (or.length === 0) return 0;
  const cases = await tx.case.findMany({ where: { OR: or }, select: { id: true } });
  for (const c of cases) await syncDeadlines(tx, c.id);
  return cases.length;
}
