import { db, type Tx } from '../db/client';
import { caseScope, canClaimCase, canOpenCaseForMember, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { getEnv } from '../env';
import { sendMail } from '../mail/send-mail';
import { hashToken, newToken } from '../users/tokens';
import { auditPersonChange, PERSON_DETAIL_FIELDS } from './person-details';

// Claim links (docs/decisions/0016): a case staff opened for a member who was not online can be attached
// to the member's account with a single-use, expiring link. Only the token's SHA-256 is stored; the link
// is shown once to the staff member (to read out or send) and emailed when an address is given.

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
export const CLAIM_LINK_DAYS = 14;

export type ClaimState = 'open' | 'used' | 'expired' | 'revoked';
const stateOf = (c: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): ClaimState =>
  c.usedAt ? 'used' : c.revokedAt ? 'revoked' : c.expiresAt <= now ? 'expired' : 'open';

export const CLAIM_PROBLEMS: Record<Exclude<ClaimState, 'open'>, string> = {
  used: 'This link has already been used. Each link works once. If the case is not on your account, ask your caseworker for a new link.',
  expired: `This link has expired (links work for ${CLAIM_LINK_DAYS} days). Ask your caseworker for a new one.`,
  revoked: 'This link was turned off by the network. Ask your caseworker for a new one.',
};

const claimLink = (token: string) => `${getEnv().APP_URL.replace(/\/$/, '')}/claim/${token}`;

/** Makes a new link for the case (any unused one stops working), emailing it when an address is given. */
export async function createClaimLink(
  actor: Actor,
  input: { caseId: string; email?: string },
  ctx: Ctx,
  now = new Date(),
) {
  if (!canOpenCaseForMember(actor)) throw new NotFoundError();
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  const { token, tokenHash } = newToken();
  const link = claimLink(token);
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true, person: { select: { fullName: true, userId: true } } },
    });
    if (!kase) throw new NotFoundError();
    if (kase.person.userId)
      throw new InvalidError('This case is already on the member’s own account, so there is nothing to claim.');
    const open = await tx.caseClaim.findMany({
      where: { caseId: kase.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    for (const o of open) {
      await tx.caseClaim.update({ where: { id: o.id }, data: { revokedAt: now } });
      await writeAudit(tx, {
        ...audit,
        action: 'claim.revoke',
        entityType: 'CaseClaim',
        entityId: o.id,
        caseId: kase.id,
        fields: ['revokedAt'],
      });
    }
    const expiresAt = new Date(now.getTime() + CLAIM_LINK_DAYS * 86_400_000);
    const claim = await tx.caseClaim.create({
      data: { caseId: kase.id, email: input.email ?? null, tokenHash, expiresAt, sentById: actor.id, createdAt: now },
      select: { id: true },
    });
    await writeAudit(tx, {
      ...audit,
      action: 'claim.create',
      entityType: 'CaseClaim',
      entityId: claim.id,
      caseId: kase.id,
      fields: input.email ? ['expiresAt', 'email'] : ['expiresAt'],
    });
    if (input.email) {
      // Sent inside the transaction: if it cannot be sent, no link exists and nothing was turned off.
      await sendMail({
        to: input.email,
        subject: 'Your case with the network is ready for you to see',
        text:
          `Hello ${kase.person.fullName},\n\nA caseworker from the network has recorded your case on Reinstate, as you agreed. ` +
          `To see it and add to it yourself, open this link (it works once, for ${CLAIM_LINK_DAYS} days):\n${link}\n\n` +
          `You will be asked to sign in, or to create an account first.\n\nIf you were not expecting this, you can ignore this email, or tell your caseworker.\n`,
      }).catch((err: unknown) => {
        console.error('[mail] claim link not sent:', err instanceof Error ? err.message : err);
        throw new InvalidError(
          'The email could not be sent, so no link was made. Check the address, or make a link without an email and read it out.',
          { email: 'We could not send an email to this address' },
        );
      });
    }
    return { claimId: claim.id, link, expiresAt, emailed: !!input.email };
  });
}

/** Turns off a link that has not been used. */
export async function revokeClaimLink(actor: Actor, input: { claimId: string }, ctx: Ctx, now = new Date()) {
  if (!canOpenCaseForMember(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const claim = await tx.caseClaim.findFirst({
      where: { id: input.claimId, case: caseScope(actor) },
      select: { id: true, caseId: true, usedAt: true, revokedAt: true },
    });
    if (!claim) throw new NotFoundError();
    if (claim.usedAt) throw new InvalidError('This link has already been used: the case is on the member’s account.');
    if (claim.revokedAt) return { revoked: true };
    const done = await tx.caseClaim.updateMany({
      where: { id: claim.id, usedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    if (done.count !== 1)
      throw new InvalidError('This link was used or turned off at the same moment. Reload the page to see which.');
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'claim.revoke',
      entityType: 'CaseClaim',
      entityId: claim.id,
      caseId: claim.caseId,
      fields: ['revokedAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { revoked: true };
  });
}

/** The case's links for staff: when made, by whom, to which address, and whether used, expired or turned off. */
export async function listClaimLinks(actor: Actor, caseId: string, now = new Date()) {
  if (!canOpenCaseForMember(actor)) throw new NotFoundError();
  const kase = await db.case.findFirst({ where: { AND: [{ id: caseId }, caseScope(actor)] }, select: { id: true } });
  if (!kase) throw new NotFoundError();
  const rows = await db.caseClaim.findMany({
    where: { caseId: kase.id },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      email: true,
      createdAt: true,
      expiresAt: true,
      usedAt: true,
      revokedAt: true,
      sentBy: { select: { name: true } },
      usedBy: { select: { name: true } },
    },
  });
  return rows.map((r) => ({ ...r, state: stateOf(r, now) }));
}

/**
 * What the claim page shows for a token: null when no such link exists (the page says "not found").
 * The case and the member's name only for an open link and a signed-in member (who then confirms).
 */
export async function findClaim(token: string, now = new Date()) {
  if (!token || token.length > 200) return null;
  const claim = await db.caseClaim.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      usedAt: true,
      revokedAt: true,
      expiresAt: true,
      usedById: true,
      createdAt: true,
      sentBy: { select: { name: true } },
      case: { select: { reference: true, person: { select: { fullName: true } } } },
    },
  });
  if (!claim) return null;
  return {
    state: stateOf(claim, now),
    usedById: claim.usedById,
    reference: claim.case.reference,
    memberName: claim.case.person.fullName,
    sentBy: claim.sentBy.name,
    createdAt: claim.createdAt,
  };
}

/** Locks the person the case belongs to now (a merge by a claim running at the same moment may have moved it). */
async function lockCasePerson(tx: Tx, caseId: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { personId } = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { personId: true } });
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Person" WHERE "id" = ${personId} FOR UPDATE`;
    if (locked.length) return tx.person.findUniqueOrThrow({ where: { id: personId } });
  }
  throw new InvalidError('The case changed while it was being claimed. Please try again.');
}

/** "m•••@example.test": enough for the person to know which address, not enough to learn one. */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

const isBlank = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Attaches the case to the signed-in member's account. The link is marked used first (one winner when two
 * people race); then either the case's person becomes the member's, or — when the member already has a
 * person from an earlier case — the case(s) move to it, blanks filled from the staff-entered details (never
 * the other way round), and the emptied person is deleted. All in one transaction, audited.
 */
export async function claimCase(
  actor: Actor,
  input: { token: string },
  ctx: Ctx,
  now = new Date(),
): Promise<{ reference: string }> {
  if (!canClaimCase(actor)) throw new NotFoundError();
  const audit = { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent };
  return db.$transaction(async (tx) => {
    const claim = await tx.caseClaim.findUnique({
      where: { tokenHash: hashToken(input.token) },
      select: { id: true, caseId: true, email: true },
    });
    if (!claim) throw new NotFoundError();
    // A link sent by email works only for the account with that address: a forwarded or intercepted link
    // cannot put the case on someone else's account. (A link read out on the phone names no address.)
    if (claim.email) {
      const me = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { email: true } });
      if (me.email.trim().toLowerCase() !== claim.email.trim().toLowerCase()) {
        throw new InvalidError(
          `This link was sent to ${maskEmail(claim.email)}. Sign in with that address, or ask your caseworker for a link for the address you use.`,
        );
      }
    }
    const won = await tx.caseClaim.updateMany({
      where: { id: claim.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, usedById: actor.id },
    });
    if (won.count !== 1) {
      const row = await tx.caseClaim.findUniqueOrThrow({
        where: { id: claim.id },
        select: { usedAt: true, revokedAt: true, expiresAt: true },
      });
      const state = stateOf(row, now);
      throw new InvalidError(state === 'open' ? CLAIM_PROBLEMS.used : CLAIM_PROBLEMS[state]);
    }
    const kase = await tx.case.findUniqueOrThrow({
      where: { id: claim.caseId },
      select: { id: true, reference: true },
    });
    const person = await lockCasePerson(tx, kase.id);
    if (person.userId && person.userId !== actor.id)
      throw new InvalidError('This case is already on another account. Ask your caseworker.');

    await writeAudit(tx, {
      ...audit,
      action: 'claim.use',
      entityType: 'CaseClaim',
      entityId: claim.id,
      caseId: kase.id,
      fields: ['usedAt', 'usedById'],
    });
    if (person.userId === actor.id) return { reference: kase.reference };

    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { email: true } });
    const own = await tx.person.findUnique({ where: { userId: actor.id } });
    if (!own) {
      await tx.person.update({
        where: { id: person.id },
        data: { userId: actor.id, email: user.email, version: { increment: 1 } },
      });
      await auditPersonChange(tx, person.id, person.email === user.email ? [] : ['email'], audit);
      return { reference: kase.reference };
    }

    await tx.$queryRaw`SELECT "id" FROM "Person" WHERE "id" = ${own.id} FOR UPDATE`;
    const filled = PERSON_DETAIL_FIELDS.filter((f) => f !== 'email' && isBlank(own[f]) && !isBlank(person[f]));
    const moved = await tx.case.findMany({ where: { personId: person.id }, select: { id: true } });
    await tx.person.update({
      where: { id: own.id },
      data: { ...Object.fromEntries(filled.map((f) => [f, person[f]])), version: { increment: 1 } },
    });
    await tx.case.updateMany({ where: { personId: person.id }, data: { personId: own.id } });
    await tx.person.delete({ where: { id: person.id } });
    for (const c of moved) {
      await writeAudit(tx, {
        ...audit,
        action: 'person.merge',
        entityType: 'Person',
        entityId: own.id,
        caseId: c.id,
        fields: ['personId'],
      });
    }
    await auditPersonChange(tx, own.id, filled, audit);
    return { reference: kase.reference };
  });
}

/** The staff page for a case's claim links: the case through the actor's scope (404 otherwise), the view audited. */
export async function getClaimLinksPage(actor: Actor, reference: string, ctx: Ctx, now = new Date()) {
  if (!canOpenCaseForMember(actor) || !/^RS-\d{4}-\d{4,6}$/.test(reference)) throw new NotFoundError();
  const kase = await db.$transaction(async (tx) => {
    const found = await tx.case.findFirst({
      where: { AND: [{ reference }, caseScope(actor)] },
      select: { id: true, reference: true, person: { select: { fullName: true, email: true, userId: true } } },
    });
    if (!found) throw new NotFoundError();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.view',
      entityType: 'Case',
      entityId: found.id,
      caseId: found.id,
      fields: ['claim-links'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return found;
  });
  return { kase, links: await listClaimLinks(actor, kase.id, now) };
}
