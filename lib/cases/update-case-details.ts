import { db } from '../db/client';
import { caseScope, canEditCaseDetails, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { todayInUk } from '../dates/uk-today';
import { STAFF_CONSENT_METHODS, type updateCaseDetailsSchema } from './details-schemas';
import type { z } from 'zod';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export const CASE_CONFLICT =
  'This case’s details were changed by someone else since you opened them, so nothing was saved. What you typed is still here: the page now has the latest version, so check and save again.';

/** The day of a consent date as the form shows it (UK calendar). */
export const consentDay = (d: Date | null): string | null => (d ? todayInUk(d) : null);
/** A day entered in the form, stored at midday UTC so it reads as that day in the UK whatever the season. */
export const fromConsentDay = (day: string): Date => new Date(`${day}T12:00:00Z`);

const isStaffConsent = (method: string | null): boolean =>
  (STAFF_CONSENT_METHODS as readonly string[]).includes(method ?? '');

/**
 * Staff edit a case's own details: what the member wants, the summary, and — on a case opened by staff —
 * how the member's agreement was recorded. Versioned: an edit from a stale form is a conflict. Audited
 * with field names: the member reads changes to what they want; the consent record is staff-only.
 */
export async function updateCaseDetails(
  actor: Actor,
  input: z.output<typeof updateCaseDetailsSchema>,
  ctx: Ctx,
): Promise<{ version: number }> {
  if (!canEditCaseDetails(actor)) throw new NotFoundError();
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true, wants: true, summary: true, consentMethod: true, consentGivenAt: true, consentNote: true },
    });
    if (!kase) throw new NotFoundError();
    const details = { wants: input.wants, summary: input.summary ?? null };
    const detailChanges = changedFields({ wants: kase.wants, summary: kase.summary }, details);
    let consentData: Record<string, unknown> = {};
    let consentChanges: string[] = [];
    if (input.consent) {
      if (!isStaffConsent(kase.consentMethod)) {
        throw new InvalidError('The member agreed online, from their own account: that record is not changed here.', {
          consentMethod: 'The member agreed online',
        });
      }
      const c = input.consent;
      const sameDay = consentDay(kase.consentGivenAt) === c.consentGivenOn;
      consentData = {
        consentMethod: c.consentMethod,
        consentNote: c.consentNote ?? null,
        ...(sameDay ? {} : { consentGivenAt: fromConsentDay(c.consentGivenOn) }),
      };
      consentChanges = changedFields(
        { consentMethod: kase.consentMethod, consentNote: kase.consentNote, consentGivenAt: kase.consentGivenAt },
        consentData,
      );
    }
    const any = detailChanges.length + consentChanges.length > 0;
    const where = { id: kase.id, version: input.version };
    const matched = any
      ? (await tx.case.updateMany({ where, data: { ...details, ...consentData, version: { increment: 1 } } })).count
      : await tx.case.count({ where });
    if (matched !== 1) throw new ConflictError(CASE_CONFLICT);
    if (detailChanges.length)
      await writeAudit(tx, {
        ...audit,
        action: 'case.details',
        entityType: 'Case',
        entityId: kase.id,
        caseId: kase.id,
        fields: detailChanges,
      });
    if (consentChanges.length)
      await writeAudit(tx, {
        ...audit,
        action: 'case.consent_details',
        entityType: 'Case',
        entityId: kase.id,
        caseId: kase.id,
        fields: consentChanges,
      });
    return { version: any ? input.version + 1 : input.version };
  });
}
