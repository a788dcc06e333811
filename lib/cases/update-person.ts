import { db } from '../db/client';
import { caseScope, canEditPersonDetails, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { changedFields } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { auditPersonChange, resolveBranchRegion, type PersonDetails } from './person-details';
import type { updatePersonSchema } from './details-schemas';
import type { z } from 'zod';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export const PERSON_CONFLICT =
  'These details were changed by someone else since you opened them, so nothing was saved. What you typed is still here: the page now has the latest version, so check and save again.';

/**
 * Edits the member's details through one case the actor can open (a caseworker never reaches a person
 * except through such a case). The details are the person's, so the change shows on all of their cases,
 * and is audited (field names only) on each. A blank field here does clear it: this is an edit of the
 * whole form, unlike an intake. The email a member signs in with is not changed here.
 */
export async function updatePerson(
  actor: Actor,
  input: z.output<typeof updatePersonSchema>,
  ctx: Ctx,
): Promise<{ version: number; changed: string[] }> {
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true, personId: true, person: { select: { userId: true } } },
    });
    if (!kase || !canEditPersonDetails(actor, kase)) throw new NotFoundError();
    const regionId = await resolveBranchRegion(tx, input);
    const current = await tx.person.findUniqueOrThrow({
      where: { id: kase.personId },
      select: {
        fullName: true,
        membershipNumber: true,
        email: true,
        phone: true,
        postalAddress: true,
        branchId: true,
        regionId: true,
        rolesHeld: true,
        version: true,
      },
    });
    const data: Partial<PersonDetails> = {
      fullName: input.fullName,
      membershipNumber: input.membershipNumber ?? null,
      phone: input.phone ?? null,
      postalAddress: input.postalAddress ?? null,
      branchId: input.branchId ?? null,
      regionId,
      rolesHeld: input.rolesHeld,
    };
    if (kase.person.userId) {
      // The address of an account: changed from the account, where it is checked, never from a case.
      if (input.email !== undefined && input.email !== current.email?.toLowerCase()) {
        throw new InvalidError('Please check the highlighted fields.', {
          email: 'This is the email the member signs in with. It can only be changed from their account.',
        });
      }
    } else {
      data.email = input.email ?? null;
    }
    const changed = changedFields(current as Record<string, unknown>, data as Record<string, unknown>);
    const where = { id: kase.personId, version: input.version };
    const matched = changed.length
      ? (
          await tx.person.updateMany({
            where,
            data: {
              ...Object.fromEntries(changed.map((k) => [k, data[k as keyof PersonDetails]])),
              version: { increment: 1 },
            },
          })
        ).count
      : await tx.person.count({ where });
    if (matched !== 1) throw new ConflictError(PERSON_CONFLICT);
    await auditPersonChange(tx, kase.personId, changed, audit);
    return { version: changed.length ? input.version + 1 : input.version, changed };
  });
}
