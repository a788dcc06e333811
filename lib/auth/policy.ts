import type { Prisma } from '../db/generated/client';
import type { Role, Visibility } from '../db/generated/enums';
import { NotFoundError } from '../errors';

// One policy module. Every case query goes through caseScope(), so no query forgets the scope,
// and every check fails closed: a missing id or role is treated as "no access".
export type Actor = { id: string; role: Role };

export function assertActor(actor: Actor | null | undefined): asserts actor is Actor {
  if (!actor || typeof actor.id !== 'string' || actor.id.length === 0 || !actor.role) {
    throw new NotFoundError();
  }
}

export const isStaff = (actor: Actor) => actor.role === 'CASEWORKER' || actor.role === 'COORDINATOR';

/**
 * The cases an actor may open at all.
 * - member: cases whose subject is linked to their account;
 * - caseworker: cases with an active assignment to them, while the member's consent stands;
 * - coordinator: every case (they assign work and handle erasure; every read is audited).
 */
export function caseScope(actor: Actor): Prisma.CaseWhereInput {
  assertActor(actor);
  switch (actor.role) {
    case 'COORDINATOR':
      return {};
    case 'CASEWORKER':
      return {
        assignments: { some: { caseworkerId: actor.id, endedAt: null } },
        consentGivenAt: { not: null },
        consentWithdrawnAt: null,
      };
    case 'MEMBER':
      return { person: { userId: actor.id } };
    default:
      return { id: '__none__' };
  }
}

// What an actor may see *within* a case they can open (items, bundles, deadlines, activity) is decided by
// audience, in ./audience.ts.

export function canMarkCaseworkersOnly(actor: Actor): boolean {
  return isStaff(actor);
}

export function canEditEvent(actor: Actor, event: { createdById: string; visibility: Visibility }): boolean {
  if (isStaff(actor)) return true;
  // A member edits what they wrote themselves; the caseworker's chronology stays theirs.
  return event.visibility === 'SHARED' && event.createdById === actor.id;
}

export function canDeleteEvent(actor: Actor): boolean {
  return isStaff(actor);
}

export function canChangeCaseStatus(actor: Actor): boolean {
  return isStaff(actor);
}

export function canAssign(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

export function canManageTeam(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

/** Describing or removing an evidence item: staff on cases they can open; a member, what they filed and can see. */
export function canEditEvidence(actor: Actor, item: { createdById: string; visibility: Visibility }): boolean {
  return isStaff(actor) || (item.visibility === 'SHARED' && item.createdById === actor.id);
}

/** Purging erases the bytes for good (an erasure request): coordinators only. */
export function canPurgeEvidence(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

export function isCaseSubject(actor: Actor, kase: { person: { userId: string | null } }): boolean {
  return actor.role === 'MEMBER' && kase.person.userId === actor.id;
}

/** Logging a case through the intake form (and keeping, or discarding, its draft): members log their own. */
export function canLogCase(actor: Actor): boolean {
  return actor.role === 'MEMBER';
}

/** Waiving a deadline, recording a SAR extension, or changing a case's deadline settings: staff on cases they can open. */
export function canManageDeadlines(actor: Actor): boolean {
  return isStaff(actor);
}

/** Drafting and filing letters: anyone who can open the case (members write their own SARs and appeals). */
export function canWriteLetters(actor: Actor): boolean {
  return actor.role === 'MEMBER' || isStaff(actor);
}

/** Two-step sign-in is required for staff (they can open cases about people's political opinions); members choose. */
export function mustUseSecondFactor(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'CASEWORKER' || actor.role === 'COORDINATOR';
}

/** A coordinator may reset another staff member's second factor (lost phone); never their own, never a member's. */
export function canResetSecondFactor(actor: Actor, target: { id: string; role: Role }): boolean {
  return actor.role === 'COORDINATOR' && target.id !== actor.id && mustUseSecondFactor(target);
}
