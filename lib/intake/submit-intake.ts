import { db } from '../db/client';
import { canLogCase, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import type { IntakeData } from './schemas';
import { openCase } from '../cases/open-case';
import { auditPersonChange, fillPersonDetails, givenDetails, resolveBranchRegion } from '../cases/person-details';

/**
 * Creates the member's person (or, for a second case, fills in their existing one), the case, its first
 * sanction and first timeline entry. A second intake never blanks details already stored: only the
 * fields given are written, and a given value that differs is an update, audited on each of the person's cases.
 */
export async function submitIntake(
  actor: Actor,
  input: IntakeData,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
): Promise<{ reference: string }> {
  if (!canLogCase(actor)) throw new NotFoundError();
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  return db.$transaction(async (tx) => {
    const regionId = await resolveBranchRegion(tx, input);
    const given = givenDetails({
      fullName: input.fullName,
      membershipNumber: input.membershipNumber,
      phone: input.phone,
      branchId: input.branchId,
      regionId,
      rolesHeld: input.rolesHeld,
    });
    const existing = await tx.person.findUnique({ where: { userId: actor.id }, select: { id: true } });
    let personId: string;
    let changed: string[] = [];
    if (existing) {
      personId = existing.id;
      changed = await fillPersonDetails(tx, personId, given);
    } else {
      const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { email: true } });
      const person = await tx.person.create({
        data: { fullName: input.fullName, rolesHeld: [], ...given, email: user.email, userId: actor.id },
      });
      personId = person.id;
      await writeAudit(tx, {
        ...audit,
        action: 'person.save',
        entityType: 'Person',
        entityId: person.id,
        fields: ['fullName', 'membershipNumber', 'phone', 'branchId', 'regionId', 'rolesHeld'],
      });
    }

    const kase = await openCase(tx, audit, { ...input, personId, consent: { givenAt: new Date() } });
    // Shown on every case of the person, this one included.
    await auditPersonChange(tx, personId, changed, audit);
    await tx.intakeDraft.deleteMany({ where: { userId: actor.id } });
    return { reference: kase.reference };
  });
}
