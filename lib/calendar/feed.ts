import ical, { ICalAlarmType, ICalEventTransparency } from 'ical-generator';
import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import type { Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { getEnv } from '../env';
import { findActionableDeadlines } from '../deadlines/find-deadlines';
import { findCalendarFeedByToken } from './tokens';

const DAY_MS = 86_400_000;
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/**
 * The person's deadlines as iCalendar: one all-day event per deadline still to act on (open or
 * overdue) on the cases they may open, through the same query as the app's own lists. Calendar
 * providers keep copies, so an event carries the case reference and what is due, never the
 * member's name or an event's free-text title.
 */
export async function buildCalendarFeed(actor: Actor): Promise<string> {
  const base = getEnv().APP_URL.replace(/\/$/, '');
  const items = await findActionableDeadlines(actor);
  const calendar = ical({
    name: 'Reinstate deadlines',
    prodId: { company: 'Reinstate', product: 'Deadlines', language: 'EN' },
    // Asks calendar apps to refresh a few times a day (REFRESH-INTERVAL / X-PUBLISHED-TTL).
    ttl: 3 * 3600,
  });
  for (const d of items) {
    const start = utc(d.dueOn);
    const url = `${base}/cases/${d.reference}`;
    const summary = `${d.reference}: ${d.label}`;
    calendar.createEvent({
      id: `${d.id}@reinstate`,
      start,
      end: new Date(start.getTime() + DAY_MS),
      allDay: true,
      summary,
      description: [d.rule, d.warning, `Open the case: ${url}`].filter(Boolean).join('\n\n'),
      url,
      transparency: ICalEventTransparency.TRANSPARENT,
      // 09:00 the day before (15 hours before the all-day event starts).
      alarms: [{ type: ICalAlarmType.display, trigger: 15 * 3600, description: summary }],
    });
  }
  return calendar.toString();
}

/**
 * What the feed URL answers: the calendar for a live token, null for anything else. Each fetch is
 * audited (calendar apps poll, so expect several a day) and stamps lastUsedAt for the account page.
 */
export async function readCalendarFeed(
  token: string,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
): Promise<string | null> {
  const feed = await findCalendarFeedByToken(token);
  if (!feed) return null;
  const ics = await buildCalendarFeed(feed.user);
  const stillLive = await db.$transaction(async (tx) => {
    // Revoked while we were building it: answer as if it never existed.
    const { count } = await tx.calendarFeed.updateMany({
      where: { id: feed.feedId, revokedAt: null },
      data: { lastUsedAt: new Date() },
    });
    if (count !== 1) return false;
    await writeAudit(tx, {
      actorId: feed.user.id,
      action: 'calendar.read',
      entityType: 'CalendarFeed',
      entityId: feed.feedId,
      fields: ['deadlines'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return true;
  });
  return stillLive ? ics : null;
}
