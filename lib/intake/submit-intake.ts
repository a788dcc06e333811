import { db } from '../db/client';
import { canLogCase, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { toEarliestDay } from '../dates/partial-date';
import { nextCaseReference } from '../cases/next-reference';
import { BODY_LABELS, SANCTION_TYPE_LABELS } from '../cases/labels';
import type { IntakeData } from './schemas';
import { syncDeadlines } from '../deadlines/sync-deadlines';
import type { EventType } from '../db/generated/enums';

const DECISION_TYPES = new Set(['EXPULSION', 'AUTO_EXCLUSION', 'MEMBERSHIP_REFUSED', 'ENDORSEMENT_WITHHELD']);

/** Creates the person (or updates the member's own), the case, its first sanction and first timeline entry. */
export async function submitIntake(actor: Actor, input: IntakeData, ctx: Pick<RequestContext, 'ip' | 'userAgent'>): Promise<{ reference: string }> {
  if (!canLogCase(actor)) throw new NotFoundError();
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  return db.$transaction(async (tx) => {
    let regionId = input.regionId ?? null;
    if (input.branchId) {
      const branch = await tx.branch.findUnique({ where: { id: input.branchId }, select: { regionId: true } });
      if (!branch) throw new InvalidError('Please check the highlighted fields.', { branchId: 'Choose a branch from the list' });
      if (regionId && regionId !== branch.regionId) throw new InvalidError('Please check the highlighted fields.', { branchId: 'That branch is not in the region you chose' });
      regionId = branch.regionId;
    } else if (regionId && !(await tx.region.findUnique({ where: { id: regionId }, select: { id: true } }))) {
      throw new InvalidError('Please check the highlighted fields.', { regionId: 'Choose a region from the list' });
    }
    const personData = {
      fullName: input.fullName,
      membershipNumber: input.membershipNumber ?? null,
      phone: input.phone ?? null,
      branchId: input.branchId ?? null,
      regionId,
      rolesHeld: input.rolesHeld,
    };
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { email: true } });
    const person = await tx.person.upsert({
      where: { userId: actor.id },
      create: { ...personData, email: user.email, userId: actor.id },
      update: personData,
    });
    await writeAudit(tx, { ...audit, action: 'person.save', entityType: 'Person', entityId: person.id, fields: Object.keys(personData) });

    const reference = await nextCaseReference(tx);
    const kase = await tx.case.create({
      data: {
        reference, personId: person.id, wants: input.wants, summary: input.summary ?? null,
        consentGivenAt: new Date(), createdById: actor.id, status: 'INTAKE',
      },
    });
    await writeAudit(tx, { ...audit, action: 'case.create', entityType: 'Case', entityId: kase.id, caseId: kase.id, fields: ['wants', 'summary', 'consentGivenAt'] });

    const imposedOn = toEarliestDay(input.imposedOn);
    const sanction = await tx.sanction.create({
      data: {
        caseId: kase.id, type: input.sanctionType, imposedOn, imposedPrecision: input.imposedOn.precision,
        imposedBy: input.imposedBy, reasonCategory: input.reasonCategory, reasonText: input.reasonText ?? null,
      },
    });
    await writeAudit(tx, { ...audit, action: 'sanction.create', entityType: 'Sanction', entityId: sanction.id, caseId: kase.id, fields: ['type', 'imposedOn', 'imposedBy', 'reasonCategory', 'reasonText'] });

    const eventType: EventType = DECISION_TYPES.has(input.sanctionType) ? 'DECISION' : 'NOTICE_OF_SUSPENSION';
    const event = await tx.timelineEvent.create({
      data: {
        caseId: kase.id, type: eventType, occurredOn: imposedOn, datePrecision: input.imposedOn.precision,
        title: `${SANCTION_TYPE_LABELS[input.sanctionType]} – ${BODY_LABELS[input.imposedBy]}`,
        details: input.reasonText ?? null, createdById: actor.id,
      },
    });
    await writeAudit(tx, { ...audit, action: 'event.create', entityType: 'TimelineEvent', entityId: event.id, caseId: kase.id, fields: ['type', 'occurredOn', 'title', 'details'] });

    await syncDeadlines(tx, kase.id);
    await tx.intakeDraft.deleteMany({ where: { userId: actor.id } });
    return { reference };
  });
}
