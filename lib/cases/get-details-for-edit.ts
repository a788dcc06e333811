import { db } from '../db/client';
import { caseScope, canEditCaseDetails, canEditPersonDetails, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';

const REFERENCE = /^RS-\d{4}-\d{4,6}$/;

/**
 * The edit form's data, through a case the actor can open (404 otherwise), the view audited. The consent
 * note is staff-only and never selected for the member. `otherCases` are the person's other cases this
 * reader can open: a caseworker is never told about the rest.
 */
export async function getDetailsForEdit(
  actor: Actor,
  reference: string,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
) {
  if (!REFERENCE.test(reference)) throw new NotFoundError();
  const staff = canEditCaseDetails(actor);
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ reference }, caseScope(actor)] },
      select: {
        id: true,
        reference: true,
        version: true,
        wants: true,
        summary: true,
        consentMethod: true,
        consentGivenAt: true,
        consentNote: staff,
        person: {
          select: {
            id: true,
            version: true,
            fullName: true,
            membershipNumber: true,
            email: true,
            phone: true,
            postalAddress: true,
            regionId: true,
            branchId: true,
            rolesHeld: true,
            userId: true,
          },
        },
      },
    });
    if (!kase || !canEditPersonDetails(actor, kase)) throw new NotFoundError();
    const otherCases = await tx.case.findMany({
      where: { AND: [{ personId: kase.person.id }, { id: { not: kase.id } }, caseScope(actor)] },
      select: { reference: true },
      orderBy: { createdAt: 'asc' },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.view',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields: ['edit'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { ...kase, otherCases: otherCases.map((c) => c.reference), canEditCase: staff };
  });
}

export type DetailsForEdit = Awaited<ReturnType<typeof getDetailsForEdit>>;
