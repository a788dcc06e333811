import { db } from '../db/client';
import { mfaGate } from '../auth/mfa-gate';
import type { Tx } from '../db/client';
import type { RequestContext } from '../auth/context';
import { assertActor, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { getEnv } from '../env';
import { hashToken, newToken } from '../users/tokens';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/** 32 random bytes in base64url: what newToken() makes. Anything else is not one of ours. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function calendarFeedUrl(token: string): string {
  return `${getEnv().APP_URL.replace(/\/$/, '')}/api/calendar/${token}.ics`;
}

/** Serialises feed changes for one person, so two clicks at once cannot leave two live links. */
async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
}

async function revokeActive(tx: Tx, userId: string): Promise<number> {
  const { count } = await tx.calendarFeed.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

/**
 * A new secret link for the caller's own calendar; any earlier link stops working in the same
 * transaction. The token is returned once and never stored: only its SHA-256 is kept.
 */
export async function createCalendarFeed(actor: Actor, ctx: Ctx): Promise<{ url: string; createdAt: Date }> {
  assertActor(actor);
  const { token, tokenHash } = newToken();
  const feed = await db.$transaction(async (tx) => {
    await lockUser(tx, actor.id);
    const revoked = await revokeActive(tx, actor.id);
    const created = await tx.calendarFeed.create({
      data: { userId: actor.id, tokenHash },
      select: { id: true, createdAt: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'calendar.create',
      entityType: 'CalendarFeed',
      entityId: created.id,
      fields: revoked ? ['tokenHash', 'revokedAt'] : ['tokenHash'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return created;
  });
  return { url: calendarFeedUrl(token), createdAt: feed.createdAt };
}

/** Turns off every live link of the caller's. Calendars that subscribed get 404 from then on. */
export async function revokeCalendarFeeds(actor: Actor, ctx: Ctx): Promise<{ revoked: number }> {
  assertActor(actor);
  return db.$transaction(async (tx) => {
    await lockUser(tx, actor.id);
    const revoked = await revokeActive(tx, actor.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'calendar.revoke',
      entityType: 'User',
      entityId: actor.id,
      fields: ['revokedAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { revoked };
  });
}

export type CalendarFeedOwner = { feedId: string; user: Actor };

/**
 * The live feed a token opens, or null: unknown, malformed, revoked, its owner disabled, or its owner
 * one who must set up two-step sign-in before they may see any case again.
 * The work is the same for every input (hash, one indexed lookup, then the checks), so how long
 * the answer takes does not tell these cases apart.
 */
export async function findCalendarFeedByToken(token: string): Promise<CalendarFeedOwner | null> {
  const candidate = typeof token === 'string' ? token.slice(0, 64) : '';
  const row = await db.calendarFeed.findUnique({
    where: { tokenHash: hashToken(candidate) },
    select: {
      id: true,
      revokedAt: true,
      user: {
        select: {
          id: true,
          role: true,
          disabledAt: true,
          mfaRequiredAt: true,
          totpFactor: { select: { confirmedAt: true } },
          _count: { select: { passkeys: true } },
        },
      },
    },
  });
  const usable =
    TOKEN_SHAPE.test(candidate) &&
    candidate === token &&
    row !== null &&
    row.revokedAt === null &&
    row.user.disabledAt === null &&
    mfaGate(row.user).status !== 'enrol';
  return usable ? { feedId: row.id, user: { id: row.user.id, role: row.user.role } } : null;
}

/** For the account page: whether a link is live, and when a calendar last fetched it. */
export async function getCalendarFeedStatus(
  actor: Actor,
): Promise<{ createdAt: Date; lastUsedAt: Date | null } | null> {
  assertActor(actor);
  return db.calendarFeed.findFirst({
    where: { userId: actor.id, revokedAt: null },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true, lastUsedAt: true },
  });
}
