import { db, type Tx } from '../db/client';
import { caseScope, canOpenCaseForMember, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAuditMany, type AuditEntry } from '../audit/write-audit';
import type { Prisma } from '../db/generated/client';
import { InvalidError, NotFoundError } from '../errors';
import { todayInUk } from '../dates/uk-today';
import { newRowId, openCases } from './open-case';
import { insertRows, type Column } from '../db/insert-rows';
import { auditPersonChange, fillPersonDetails, givenDetails, resolveBranchRegions } from './person-details';
import { fromConsentDay } from './update-case-details';
import type { CreateCaseForMemberData } from './details-schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * A case opened by a caseworker or coordinator for a member who is not online (a phone or paper
 * referral): a new person, or one the actor can already see (a second case for the same member), whose
 * details are only filled in, never blanked. Records how the member agreed and who took it. The actor
 * keeps seeing the case: a caseworker is assigned to it in the same transaction.
 */
export async function createCaseForMember(
  actor: Actor,
  input: CreateCaseForMemberData,
  ctx: Ctx,
): Promise<{ reference: string }> {
  if (!canOpenCaseForMember(actor)) throw new NotFoundError();
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  return db.$transaction(async (tx) => {
    const [kase] = await createCasesForMembersInTx(tx, actor, [{ input }], audit);
    return { reference: kase!.reference };
  });
}

type Audit = { actorId: string; ip: string | null; userAgent: string | null };

const PERSON_COLUMNS: Column[] = [
  ['id', 'text'],
  ['fullName', 'text'],
  ['membershipNumber', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['postalAddress', 'text'],
  ['branchId', 'text'],
  ['regionId', 'text'],
  ['rolesHeld', 'text[]'],
  ['createdAt', 'timestamp(3)'],
  ['updatedAt', 'timestamp(3)'],
];

/**
 * The same for many members, inside the caller's transaction: one case staff open by hand, or every row of
 * the spreadsheet import (lib/import) in one transaction. The rows are those of a single case, written a
 * statement per table. `onlyFillEmpty` keeps every detail already stored for an existing person and fills
 * only the empty ones (the import's "update empty fields").
 */
export async function createCasesForMembersInTx(
  tx: Tx,
  actor: Actor,
  items: { input: CreateCaseForMemberData; onlyFillEmpty?: boolean }[],
  audit: Audit,
): Promise<{ id: string; reference: string; personId: string }[]> {
  if (!canOpenCaseForMember(actor)) throw new NotFoundError();
  const regionIds = await resolveBranchRegions(
    tx,
    items.map((i) => i.input),
  );
  const people: { personId: string; changed: string[] }[] = [];
  const newPeople: Prisma.PersonCreateManyInput[] = [];
  const saved: AuditEntry[] = [];
  for (const [i, { input, onlyFillEmpty }] of items.entries()) {
    const given = givenDetails({
      fullName: input.fullName,
      membershipNumber: input.membershipNumber,
      email: input.email,
      phone: input.phone,
      postalAddress: input.postalAddress,
      branchId: input.branchId,
      regionId: regionIds[i],
      rolesHeld: input.rolesHeld,
    });
    if (input.personId) {
      // Only a person on a case the actor can open: anyone else is "not in the list".
      const person = await tx.person.findFirst({
        where: { id: input.personId, cases: { some: caseScope(actor) } },
        select: { id: true, userId: true },
      });
      if (!person)
        throw new InvalidError('Please check the highlighted fields.', {
          personId: 'Choose a person from the search results',
        });
      if (person.userId) delete given.email; // the address they sign in with is theirs to change
      people.push({
        personId: person.id,
        changed: await fillPersonDetails(tx, person.id, given, { onlyEmpty: onlyFillEmpty }),
      });
    } else {
      const id = newRowId();
      newPeople.push({ rolesHeld: [], ...given, fullName: input.fullName!, id });
      saved.push({ ...audit, action: 'person.save', entityType: 'Person', entityId: id, fields: Object.keys(given) });
      people.push({ personId: id, changed: [] });
    }
  }
  const now = new Date();
  await insertRows(
    tx,
    'Person',
    PERSON_COLUMNS,
    newPeople.map((p) => ({ ...p, createdAt: now, updatedAt: now })),
  );
  await writeAuditMany(tx, saved);

  const cases = await openCases(
    tx,
    audit,
    items.map(({ input }, i) => {
      const givenAt = input.consentGivenOn === todayInUk() ? new Date() : fromConsentDay(input.consentGivenOn);
      return {
        ...input,
        personId: people[i]!.personId,
        consent: { givenAt, method: input.consentMethod, takenById: actor.id, note: input.consentNote },
      };
    }),
  );
  // Whoever opened them keeps seeing them: a caseworker sees only cases assigned to them.
  const visible = new Set(
    (
      await tx.case.findMany({
        where: { AND: [{ id: { in: cases.map((c) => c.id) } }, caseScope(actor)] },
        select: { id: true },
      })
    ).map((c) => c.id),
  );
  const assign = cases.filter((c) => !visible.has(c.id)).map((c) => ({ id: newRowId(), caseId: c.id }));
  if (assign.length) {
    await tx.assignment.createMany({
      data: assign.map((a) => ({ ...a, caseworkerId: actor.id, assignedById: actor.id })),
    });
    await writeAuditMany(
      tx,
      assign.map((a) => ({
        ...audit,
        action: 'assignment.create' as const,
        entityType: 'Assignment',
        entityId: a.id,
        caseId: a.caseId,
        fields: ['caseworkerId'],
      })),
    );
  }
  for (const p of people) await auditPersonChange(tx, p.personId, p.changed, audit);
  return cases.map((c, i) => ({ ...c, personId: people[i]!.personId }));
}

/**
 * People on cases the actor can open whose name or membership number contains the words typed, for
 * "a second case for the same member". Each lists only the cases the actor can open: nothing here
 * tells a caseworker that someone has other cases.
 */
export async function findPeopleForStaff(actor: Actor, query: string) {
  if (!canOpenCaseForMember(actor)) throw new NotFoundError();
  const q = query.trim().slice(0, 80);
  if (q.length < 2) return [];
  const scope = caseScope(actor);
  return db.person.findMany({
    where: {
      cases: { some: scope },
      OR: [
        { fullName: { contains: q, mode: 'insensitive' } },
        { membershipNumber: { contains: q, mode: 'insensitive' } },
      ],
    },
    orderBy: { fullName: 'asc' },
    take: 20,
    select: {
      id: true,
      fullName: true,
      membershipNumber: true,
      branch: { select: { name: true } },
      cases: { where: scope, select: { reference: true }, orderBy: { createdAt: 'asc' } },
    },
  });
}

/** One person for the form, through a case the actor can open (null otherwise). */
export async function getPersonForStaff(actor: Actor, personId: string) {
  if (!canOpenCaseForMember(actor) || !personId || personId.length > 40) return null;
  const scope = caseScope(actor);
  return db.person.findFirst({
    where: { id: personId, cases: { some: scope } },
    select: {
      id: true,
      fullName: true,
      membershipNumber: true,
      userId: true,
      branch: { select: { name: true } },
      cases: { where: scope, select: { reference: true }, orderBy: { createdAt: 'asc' } },
    },
  });
}
