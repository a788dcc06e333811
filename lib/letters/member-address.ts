import type { Tx } from '../db/client';
import type { Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError } from '../errors';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * Stores the member's postal address typed into a letter on their record, once: only while the record
 * holds none (an address already stored is never overwritten from a letter; it is changed with the
 * member's details). Checked against the record's version as the form was opened, so two people
 * entering an address at once cannot overwrite each other; audited with the field name only.
 * Runs inside the caller's transaction: the caller has checked the case is in the actor's scope.
 * Returns whether it stored it.
 */
export async function rememberMemberAddress(
  tx: Tx,
  actor: Actor,
  input: { caseId: string; personVersion: number; address: string },
  ctx: Ctx,
): Promise<boolean> {
  const address = input.address.trim();
  if (!address) return false;
  const kase = await tx.case.findUniqueOrThrow({
    where: { id: input.caseId },
    select: { person: { select: { id: true, postalAddress: true, version: true } } },
  });
  const person = kase.person;
  if (person.postalAddress?.trim()) return false;
  const updated = await tx.person.updateMany({
    where: { id: person.id, version: input.personVersion, OR: [{ postalAddress: null }, { postalAddress: '' }] },
    data: { postalAddress: address, version: { increment: 1 } },
  });
  if (updated.count !== 1) {
    throw new ConflictError(
      'The member’s details were changed by someone else while you were writing, so nothing was saved. Untick “Remember this address”, or reload the page, and save again. What you typed is kept.',
    );
  }
  await writeAudit(tx, {
    actorId: actor.id,
    action: 'person.address',
    entityType: 'Person',
    entityId: person.id,
    caseId: input.caseId,
    fields: ['postalAddress'],
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return true;
}
