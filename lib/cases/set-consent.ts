import { db } from '../db/client';
import { caseScope, isCaseSubject, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';

/** Only the member whose case it is gives or withdraws consent. Withdrawal ends caseworkers' access at once. */
export async function setConsent(
  actor: Actor,
  input: { caseId: string; give: boolean },
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true, person: { select: { userId: true } } },
    });
    if (!kase || !isCaseSubject(actor, kase)) throw new NotFoundError();
    const now = new Date();
    const data = input.give ? { consentGivenAt: now, consentWithdrawnAt: null } : { consentWithdrawnAt: now };
    await tx.case.update({ where: { id: kase.id }, data: { ...data, version: { increment: 1 } } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: input.give ? 'case.consent_given' : 'case.consent_withdrawn',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields: Object.keys(data),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { consent: input.give, at: now };
  });
}
