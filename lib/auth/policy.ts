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

/** Putting entries on the same day in order by hand (the chronology bundles use): staff on cases they can open. */
export function canOrderEvents(actor: Actor): boolean {
  return isStaff(actor);
}

export function canChangeCaseStage(actor: Actor): boolean {
  return isStaff(actor);
}

/** The history of stage and outcome changes carries staff's reasons: staff only (the member sees where the case stands now). */
export function canSeeStageHistory(actor: Actor): boolean {
  return isStaff(actor);
}

export function canAssign(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

/** The organisation's settings (the party's bodies, regions, branches, default windows): coordinators only. */
export function canManageOrganisation(actor: Actor): boolean {
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

/** A member's details (name, number, address, branch…): the member on their own case; staff through a case they can open. */
export function canEditPersonDetails(actor: Actor, kase: { person: { userId: string | null } }): boolean {
  return isStaff(actor) || isCaseSubject(actor, kase);
}

/** The case's own details (what is wanted, summary, how consent was recorded): staff on cases they can open. */
export function canEditCaseDetails(actor: Actor): boolean {
  return isStaff(actor);
}

/** Opening a case for a member who is not online (a phone or paper referral), and inviting them to claim it: staff. */
export function canOpenCaseForMember(actor: Actor): boolean {
  return isStaff(actor);
}

/** Claiming a case with a link: member accounts only (a staff account is refused, never attached as the member). */
export function canClaimCase(actor: Actor): boolean {
  return actor.role === 'MEMBER';
}

/** "Download my data": a member, of their own data only (staff accounts have no case about them). */
export function canExportOwnData(actor: Actor): boolean {
  return actor.role === 'MEMBER';
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

/**
 * Sanctions on a case (docs/decisions/0017): staff add and correct them on cases they can open; the member
 * may add one on their own case ("suspended again": they log their own case) but corrections go through staff.
 */
export function canAddSanction(actor: Actor): boolean {
  return actor.role === 'MEMBER' || isStaff(actor);
}

export function canEditSanction(actor: Actor): boolean {
  return isStaff(actor);
}

/** Linking two cases (and unlinking): staff who can open both. */
export function canLinkCases(actor: Actor): boolean {
  return isStaff(actor);
}

/** The branches a case belonged to over time: staff on cases they can open. */
export function canEditCaseBranches(actor: Actor): boolean {
  return isStaff(actor);
}

/** Group actions (a whole branch or group sanctioned): coordinators record and change them, and link cases. */
export function canManageGroupActions(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

/**
 * The group actions an actor may open as a record: coordinators, all; a caseworker, those linked to a case
 * they can open (and, inside, only those cases). A member reads a group action's shared facts on their own
 * case only, never as a record of its own (it would list other members).
 */
export function groupActionScope(actor: Actor): Prisma.GroupActionWhereInput {
  assertActor(actor);
  if (actor.role === 'COORDINATOR') return {};
  if (actor.role === 'CASEWORKER') return { cases: { some: { case: caseScope(actor) } } };
  return { id: '__none__' };
}

/**
 * Which letter drafts an actor may see and change on a case they can open: staff, every draft (a
 * member's included); a member, only their own (a caseworker's draft may be filled from caseworker-only entries).
 */
export function letterDraftScope(actor: Actor): Prisma.LetterDraftWhereInput {
  assertActor(actor);
  return isStaff(actor) ? {} : { createdById: actor.id };
}

/** Two-step sign-in is required for staff (they can open cases about people's political opinions); members choose. */
export function mustUseSecondFactor(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'CASEWORKER' || actor.role === 'COORDINATOR';
}

/** A coordinator may reset another staff member's second factor (lost phone); never their own, never a member's. */
export function canResetSecondFactor(actor: Actor, target: { id: string; role: Role }): boolean {
  return actor.role === 'COORDINATOR' && target.id !== actor.id && mustUseSecondFactor(target);
}

/** Importing a spreadsheet of members' cases (and saving column mappings): coordinators, who see the network. */
export function canImportCases(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

/** The case list as a CSV file: staff, each over exactly the cases they may open (caseScope). */
export function canExportCaseList(actor: Actor): boolean {
  return isStaff(actor);
}

/**
 * Statistics (counts with small numbers suppressed; the CSV and the network report): staff, each over the
 * cases they may open (caseScope) — a caseworker's own cases, a coordinator's network. Members never.
 */
export function canViewStatistics(actor: Actor): boolean {
  return isStaff(actor);
}

/** Asking for one's own data to be erased: members, for themselves only (staff accounts are closed by a coordinator). */
export function canRequestErasure(actor: Actor): boolean {
  return actor.role === 'MEMBER';
}

/** Seeing erasure requests, approving or refusing them, and logging one made by letter or phone: coordinators. */
export function canDecideErasure(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

/** Subject access requests made to the network: logging, deciding item by item, releasing. Coordinators. */
export function canHandleAccessRequests(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}

/** Retention of closed cases: the period, the review, keeping one longer. Coordinators. */
export function canManageRetention(actor: Actor): boolean {
  return actor.role === 'COORDINATOR';
}
