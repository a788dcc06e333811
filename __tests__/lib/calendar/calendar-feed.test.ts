import { db } from '@/lib/db/client';
import { addEventAction } from '@/lib/timeline/actions';
import { createCalendarFeedAction, revokeCalendarFeedAction } from '@/lib/calendar/actions';
import { getCalendarFeedStatus } from '@/lib/calendar/tokens';
import { hashToken } from '@/lib/users/tokens';
import { GET } from '@/app/api/calendar/[token]/route';
import { actAs, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// The personal iCalendar feed: a secret, revocable URL. The route handler is called directly with
// a Request, as Next would call it; the database behind it is real.
const APP = 'https://reinstate.example.test';
const day = (year: number, month: number, d: number) => ({ precision: 'DAY' as const, year, month, day: d });

beforeAll(() => {
  process.env.APP_URL = APP;
});

async function fetchFeed(
  tokenSegment: string,
): Promise<{ status: number; body: string; headers: Record<string, string> }> {
  const res = await GET(
    new Request(`${APP}/api/calendar/${tokenSegment}`, { headers: { 'user-agent': 'CalendarApp/1.0' } }),
    { params: Promise.resolve({ token: tokenSegment }) },
  );
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers.entries()) };
}

/** RFC 5545 content lines, unfolded. */
const lines = (ics: string) =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
const events = (ics: string) =>
  ics
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((chunk) => lines(`BEGIN:VEVENT${chunk.split('END:VEVENT')[0]}END:VEVENT`));
const prop = (eventLines: string[], name: string) =>
  eventLines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));

async function newFeed(user: TestUser): Promise<{ url: string; token: string }> {
  actAs(user);
  const res = await createCalendarFeedAction({});
  if (!res.ok) throw new Error(res.error);
  const token = /\/api\/calendar\/([A-Za-z0-9_-]+)\.ics$/.exec(res.data.url)?.[1];
  if (!token) throw new Error(`unexpected url ${res.data.url}`);
  return { url: res.data.url, token };
}

let caseworker: TestUser, member: TestUser, otherMember: TestUser;
let own: { id: string; reference: string }, other: { id: string; reference: string };
const deadlineIds: Record<string, string> = {};

beforeAll(async () => {
  [caseworker, member, otherMember] = await Promise.all([
    makeUser('CASEWORKER'),
    makeUser('MEMBER'),
    makeUser('MEMBER'),
  ]);
  own = (await makeCase({ member, caseworker })).kase;
  other = (await makeCase({ member: otherMember, caseworker: await makeUser('CASEWORKER') })).kase;
  actAs(caseworker);
  const add = async (caseId: string, input: Record<string, unknown>) => {
    const res = await addEventAction({ caseId, ...input } as Parameters<typeof addEventAction>[0]);
    if (!res.ok) throw new Error(res.error);
    return (await db.deadline.findFirstOrThrow({ where: { eventId: res.data.id } })).id;
  };
  deadlineIds.sar = await add(own.id, { type: 'SAR_SENT', date: day(2026, 5, 5), title: 'SAR about Jane Secretname' }); // due 5 Jun 2026
  deadlineIds.notice = await add(own.id, {
    type: 'NOTICE_OF_INVESTIGATION',
    date: day(2026, 6, 2),
    title: 'Notice',
    windowDays: 11,
  }); // due 15 Jun 2026
  deadlineIds.staffOnly = await add(own.id, {
    type: 'NOTICE_OF_INVESTIGATION',
    date: day(2026, 6, 1),
    title: 'Private',
    windowDays: 10,
    caseworkersOnly: true,
  }); // 11 Jun
  // Met (appeal lodged) and waived deadlines are not in the feed.
  await add(own.id, { type: 'DECISION', date: day(2026, 5, 27), title: 'Decision' });
  await addEventAction({ caseId: own.id, type: 'APPEAL_LODGED', date: day(2026, 6, 1), title: 'Appeal lodged' });
  const waived = await add(own.id, {
    type: 'NOTICE_OF_INVESTIGATION',
    date: day(2026, 5, 28),
    title: 'Waived',
    windowDays: 7,
  });
  await db.deadline.update({ where: { id: waived }, data: { waivedAt: new Date() } });
  // A deadline on a case this caseworker is not assigned to.
  actAs(otherMember);
  const res = await addEventAction({ caseId: other.id, type: 'SAR_SENT', date: day(2026, 5, 12), title: 'Other SAR' });
  if (!res.ok) throw new Error(res.error);
  deadlineIds.other = (await db.deadline.findFirstOrThrow({ where: { eventId: res.data.id } })).id;
});

test("a caseworker's feed: valid iCalendar, one all-day event per deadline to act on, on their assigned cases only", async () => {
  const { token, url } = await newFeed(caseworker);
  expect(url).toBe(`${APP}/api/calendar/${token}.ics`);
  const res = await fetchFeed(`${token}.ics`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
  expect(res.headers['cache-control']).toBe('private, no-store');
  expect(res.headers['content-disposition']).toBe('inline; filename="reinstate.ics"');

  const all = lines(res.body);
  expect(all[0]).toBe('BEGIN:VCALENDAR');
  expect(all.at(-1)).toBe('END:VCALENDAR');
  expect(all).toContain('VERSION:2.0');
  expect(all).toContain('PRODID:-//Reinstate//Deadlines//EN');
  expect(all).toContain('X-WR-CALNAME:Reinstate deadlines');
  expect(res.body.match(/\r\n/g)?.length).toBe(res.body.split('\n').length - 1); // CRLF line ends throughout

  const evs = events(res.body);
  expect(evs.map((e) => prop(e, 'UID'))).toEqual([
    `UID:${deadlineIds.sar}@reinstate`,
    `UID:${deadlineIds.staffOnly}@reinstate`,
    `UID:${deadlineIds.notice}@reinstate`,
  ]);
  expect(evs.map((e) => prop(e, 'DTSTART'))).toEqual([
    'DTSTART;VALUE=DATE:20260605',
    'DTSTART;VALUE=DATE:20260611',
    'DTSTART;VALUE=DATE:20260615',
  ]);
  expect(evs.map((e) => prop(e, 'DTEND'))).toEqual([
    'DTEND;VALUE=DATE:20260606',
    'DTEND;VALUE=DATE:20260612',
    'DTEND;VALUE=DATE:20260616',
  ]);
  expect(prop(evs[0]!, 'SUMMARY')).toBe(`SUMMARY:${own.reference}: Reply to the subject access request due`);
  const description = prop(evs[0]!, 'DESCRIPTION')!;
  expect(description).toContain('Open the case: https://reinstate.example.test/cases/');
  expect(description).toContain(own.reference);
  expect(evs[0]).toContain('BEGIN:VALARM');
  // No member names, no event titles, nothing from the other case.
  expect(res.body).not.toContain(member.name);
  expect(res.body).not.toContain('Jane Secretname');
  expect(res.body).not.toContain(other.reference);
});

test("a member's feed leaves out deadlines started by caseworker-only entries", async () => {
  const { token } = await newFeed(member);
  const res = await fetchFeed(`${token}.ics`);
  expect(res.status).toBe(200);
  expect(events(res.body).map((e) => prop(e, 'UID'))).toEqual([
    `UID:${deadlineIds.sar}@reinstate`,
    `UID:${deadlineIds.notice}@reinstate`,
  ]);
});

test("reading the feed stamps lastUsedAt and is audited; only the token's hash is stored", async () => {
  const user = await makeUser('CASEWORKER');
  const { token } = await newFeed(user);
  const row = await db.calendarFeed.findFirstOrThrow({ where: { userId: user.id } });
  expect(row.tokenHash).toBe(hashToken(token));
  expect(JSON.stringify(row)).not.toContain(token);
  expect(row.lastUsedAt).toBeNull();
  actAs(null); // a calendar app has no session
  expect((await fetchFeed(token)).status).toBe(200); // without .ics too
  expect((await db.calendarFeed.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
  expect(
    await db.auditLog.findMany({
      where: { action: { startsWith: 'calendar.' }, actorId: user.id },
      orderBy: { createdAt: 'asc' },
      select: { action: true, entityId: true },
    }),
  ).toEqual([
    { action: 'calendar.create', entityId: row.id },
    { action: 'calendar.read', entityId: row.id },
  ]);
  expect(await getCalendarFeedStatus(user)).toEqual({ createdAt: row.createdAt, lastUsedAt: expect.any(Date) });
});

describe('a token that does not open a live feed reveals nothing', () => {
  let reference: { status: number; body: string; headers: Record<string, string> };
  beforeAll(async () => {
    reference = await fetchFeed('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics'); // well-formed, unknown
  });

  const expectSameNotFound = (res: { status: number; body: string; headers: Record<string, string> }) => {
    expect(res.status).toBe(404);
    expect(res.body).toBe(reference.body);
    expect(res.headers).toEqual(reference.headers);
    expect(res.body).not.toMatch(/VCALENDAR|revoked|disabled/i);
  };

  test('unknown and malformed tokens', async () => {
    expect(reference.status).toBe(404);
    expect(reference.headers['cache-control']).toBe('no-store');
    for (const bad of [
      'nope',
      'nope.ics',
      '',
      '.ics',
      `${'a'.repeat(43)}=`,
      'x'.repeat(5000),
      '../../etc/passwd',
      '%00',
    ])
      expectSameNotFound(await fetchFeed(bad));
  });

  test('a wrong token (one character changed)', async () => {
    const { token } = await newFeed(await makeUser('CASEWORKER'));
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expectSameNotFound(await fetchFeed(`${wrong}.ics`));
  });

  test('a revoked token, at once', async () => {
    const user = await makeUser('CASEWORKER');
    const { token } = await newFeed(user);
    expect((await fetchFeed(`${token}.ics`)).status).toBe(200);
    actAs(user);
    expect(await revokeCalendarFeedAction({})).toEqual({ ok: true, data: { revoked: 1 } });
    expectSameNotFound(await fetchFeed(`${token}.ics`));
    expect(await getCalendarFeedStatus(user)).toBeNull();
    expect(await db.auditLog.count({ where: { actorId: user.id, action: 'calendar.revoke' } })).toBe(1);
  });

  test('the old link after making a new one', async () => {
    const user = await makeUser('MEMBER');
    const first = await newFeed(user);
    const second = await newFeed(user);
    expect(second.token).not.toBe(first.token);
    expectSameNotFound(await fetchFeed(`${first.token}.ics`));
    expect((await fetchFeed(`${second.token}.ics`)).status).toBe(200);
    expect(await db.calendarFeed.count({ where: { userId: user.id, revokedAt: null } })).toBe(1);
  });

  test('the token of a disabled user', async () => {
    const user = await makeUser('CASEWORKER');
    const { token } = await newFeed(user);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expectSameNotFound(await fetchFeed(`${token}.ics`));
  });
});

// PGlite runs one transaction at a time, so this bites with DATABASE_URL (PostgreSQL), where it
// fails without the row lock in createCalendarFeed.
test('a staff member past the two-step set-up deadline gets the same 404 until they set it up', async () => {
  const late = await makeUser('CASEWORKER');
  const { token } = await newFeed(late);
  expect((await fetchFeed(`${token}.ics`)).status).toBe(200);
  await db.user.update({ where: { id: late.id }, data: { mfaRequiredAt: new Date(Date.now() - 60_000) } });
  const refused = await fetchFeed(`${token}.ics`);
  expect(refused.status).toBe(404);
  expect(refused.body).toBe((await fetchFeed('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).body);
  await db.passkey.create({
    data: {
      userId: late.id,
      credentialId: `cred-${late.id}`,
      publicKey: Buffer.from('x'),
      deviceType: 'singleDevice',
      name: 'Test key',
    },
  });
  expect((await fetchFeed(`${token}.ics`)).status).toBe(200);
});

test('two "make a new link" clicks at once leave one live link', async () => {
  const user = await makeUser('CASEWORKER');
  actAs(user);
  await db.$queryRaw`SELECT 1`; // warm the pool so the calls really overlap on PostgreSQL
  const results = await Promise.all([createCalendarFeedAction({}), createCalendarFeedAction({})]);
  expect(results.every((r) => r.ok)).toBe(true);
  expect(await db.calendarFeed.count({ where: { userId: user.id, revokedAt: null } })).toBe(1);
});

test('the actions take no input: extra fields are refused, and a visitor must sign in', async () => {
  actAs(await makeUser('MEMBER'));
  expect(await createCalendarFeedAction({ userId: caseworker.id } as never)).toMatchObject({
    ok: false,
    code: 'invalid',
  });
  expect(await revokeCalendarFeedAction({ userId: caseworker.id } as never)).toMatchObject({
    ok: false,
    code: 'invalid',
  });
  actAs(null);
  expect(await createCalendarFeedAction({})).toMatchObject({ ok: false, code: 'unauthenticated' });
  expect(await revokeCalendarFeedAction({})).toMatchObject({ ok: false, code: 'unauthenticated' });
});
