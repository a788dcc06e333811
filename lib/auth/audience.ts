import type { Prisma } from '../db/generated/client';
import type { BundleAudience, Visibility } from '../db/generated/enums';
import { caseScope, isStaff, type Actor } from './policy';
import { ITEM_ACTIONS } from '../audit/actions';

// Audiences: the one place that decides what each reader of an output may see. Every output — a page,
// a route, a PDF, a calendar feed, an email, an activity row — is built for an audience and asks here,
// when it is made and again when it is served. Features never test `visibility === …` themselves.
//
//   STAFF    caseworkers and coordinators of the case: everything;
//   MEMBER   the member the case is about: what is shared with them (privileged material included —
//            it is their own legal advice), never caseworker-only items or provenance notes of others;
//   OUTSIDE  the party's panel, a court, a review panel: shared material only, and neither privileged nor
//            "without prejudice" material nor provenance notes unless a person includes them on purpose
//            (and is warned that disclosure may waive privilege). Caseworker-only material never goes
//            to a member or an outside body: a caseworker shares it first if it should.

export type Audience = BundleAudience;
export type ReaderAudience = Extract<Audience, 'STAFF' | 'MEMBER'>;

/** The privacy marks every item carries (timeline entries, letters through their entry, evidence). */
export type Privacy = { visibility: Visibility; privileged: boolean; withoutPrejudice: boolean };

export type Withheld = 'caseworkers-only' | 'privileged' | 'without-prejudice';

export const readerAudience = (actor: Actor): ReaderAudience => (isStaff(actor) ? 'STAFF' : 'MEMBER');

/** Why an item is kept from an audience by default; empty when the audience may see it. */
export function withheldFrom(audience: Audience, item: Privacy): Withheld[] {
  if (audience === 'STAFF') return [];
  const reasons: Withheld[] = [];
  if (item.visibility !== 'SHARED') reasons.push('caseworkers-only');
  if (audience === 'OUTSIDE') {
    if (item.privileged) reasons.push('privileged');
    if (item.withoutPrejudice) reasons.push('without-prejudice');
  }
  return reasons;
}

/** Privilege and "without prejudice" can be waived by a person on purpose; caseworker-only status cannot. */
export const mayIncludeOnPurpose = (reasons: Withheld[]): boolean =>
  reasons.length > 0 && !reasons.includes('caseworkers-only');

/** Whether an item, put in on purpose or not, may be in an output for this audience. */
export function mayContain(audience: Audience, item: Privacy, onPurpose: boolean): boolean {
  const reasons = withheldFrom(audience, item);
  return reasons.length === 0 || (onPurpose && mayIncludeOnPurpose(reasons));
}

/**
 * The rows (timeline entries, evidence) an audience may see by default, as a query filter: hidden rows
 * never leave the database. Privileged material stays in the member's own view.
 */
export function itemsFor(audience: Audience): { visibility?: 'SHARED'; privileged?: false; withoutPrejudice?: false } {
  if (audience === 'STAFF') return {};
  if (audience === 'MEMBER') return { visibility: 'SHARED' };
  return { visibility: 'SHARED', privileged: false, withoutPrejudice: false };
}

/** Items a reader may see inside a case they can open. */
export const itemsForReader = (actor: Actor) => itemsFor(readerAudience(actor));

export const mayReaderSee = (actor: Actor, item: Privacy): boolean =>
  withheldFrom(readerAudience(actor), item).length === 0;

/**
 * Provenance notes ("where it came from": who leaked a document) are for staff, and for the person who
 * wrote them. They reach a bundle only when a person chooses them for it.
 */
export const canSeeProvenance = (actor: Actor, item: { createdById: string }): boolean =>
  isStaff(actor) || item.createdById === actor.id;

/** Which audiences a person may build a bundle for: members never make a staff-only one. */
export const bundleAudiencesFor = (actor: Actor): Audience[] =>
  isStaff(actor) ? ['OUTSIDE', 'MEMBER', 'STAFF'] : ['OUTSIDE', 'MEMBER'];

/** A bundle for staff only: anything hidden from the member may be in it. */
const memberMayNeverOpen = (audience: Audience) => audience === 'STAFF';

/**
 * Generated PDFs a reader may list and open. Staff: every one on the cases they can open (review packs,
 * which span many cases, for coordinators). The member: bundles and reviews of their own case that are
 * not for staff only, not superseded, and — checked when served, not only when made — hold nothing that
 * is hidden from them now.
 */
export function bundlesReadableBy(actor: Actor): Prisma.BundleWhereInput {
  if (actor.role === 'COORDINATOR') return {};
  const ofTheirCases: Prisma.BundleWhereInput = {
    kind: { in: ['CASE_BUNDLE', 'CASE_REVIEW'] },
    case: caseScope(actor),
  };
  if (isStaff(actor)) return ofTheirCases;
  return {
    ...ofTheirCases,
    audience: { not: 'STAFF' },
    supersededAt: null,
    items: {
      none: {
        OR: [
          { evidence: { visibility: { not: 'SHARED' } } },
          { event: { visibility: { not: 'SHARED' } } },
          // A provenance note printed in it that is not the member's own.
          { provenance: true, evidence: { createdById: { not: actor.id } } },
        ],
      },
    },
  };
}

/**
 * Whether a bundle must be withdrawn from its readers after an item in it changed: it now holds something
 * its audience may not see (an item put in on purpose stays, unless it became caseworker-only).
 * Staff-only bundles are never withdrawn for this: staff see everything.
 */
export function mustWithdraw(audience: Audience, item: Privacy, onPurpose: boolean): boolean {
  if (memberMayNeverOpen(audience)) return false;
  return !mayContain(audience, item, onPurpose);
}

/**
 * Deadlines: one is "met" for a reader only by an answering entry that reader can see, so a caseworker-only
 * note never marks the member's deadline as answered (nor removes it from their calendar and emails).
 */
export function deadlineMetFor(actor: Actor, d: { metOn: Date | null; sharedMetOn: Date | null }): Date | null {
  return isStaff(actor) ? d.metOn : d.sharedMetOn;
}

// A deadline *closed* by the case (`closedReason`: no appeal offered, case closed) is closed for every reader
// alike: it is worked out from the case's own status, which the member sees, never from an entry.

/** Deadlines still to act on, for a reader: not met by anything they can see. */
export function notMetFor(actor: Actor): Prisma.DeadlineWhereInput {
  return isStaff(actor) ? { metOn: null } : { sharedMetOn: null };
}

/**
 * A case's audit rows a reader may see: staff, all; the member, the rows marked for them, and their own
 * actions that are not about an item (about an item, their rows follow it: an entry they added and a
 * caseworker later hid leaves their Activity tab with it).
 */
export function activityFor(actor: Actor, caseId: string): Prisma.AuditLogWhereInput {
  if (!caseId) return { id: '__none__' };
  if (isStaff(actor)) return { caseId };
  return { caseId, OR: [{ memberVisible: true }, { actorId: actor.id, action: { notIn: ITEM_ACTIONS } }] };
}

/** Whether the member of a case may see an activity row about an item with these marks (at the time it is written or changed). */
export const memberMaySeeItemActivity = (item: Privacy | { audience: Audience }): boolean =>
  'audience' in item ? !memberMayNeverOpen(item.audience) : withheldFrom('MEMBER', item).length === 0;

/** Staff see fairness reviews as drafts; the member and outside bodies see the latest published version only. */
export const seesReviewDrafts = (actor: Actor): boolean => isStaff(actor);

/** "caseworkers only, privileged": for reasons shown to staff. */
export function describePrivacy(p: Privacy): string {
  const marks = [
    p.visibility === 'SHARED' ? 'shared with the member' : 'caseworkers only',
    p.privileged && 'privileged',
    p.withoutPrejudice && 'without prejudice',
  ];
  return marks.filter(Boolean).join(', ');
}
