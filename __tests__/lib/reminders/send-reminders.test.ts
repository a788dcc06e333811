import path from 'node:path';
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import { db, closeDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { addEventAction } from '@/lib/timeline/actions';
import { setReminderEmailsAction } from '@/lib/reminders/actions';
import { getReminderSettings } from '@/lib/reminders/preferences';
import { sendReminders } from '@/lib/reminders/send-reminders';
import { MESSAGES_PER_CONNECTION } from '@/lib/mail/send-mail';
import { reminderTick } from '@/lib/reminders/schedule';
import { drainJobs, enqueueJob, jobsIdle, pauseLocalWorker } from '@/lib/jobs/queue';
import { todayInUk as londonToday } from '@/lib/dates/uk-today';
import { actAs, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { startSmtpSink, type Received, type Sink } from './smtp-sink';

// The daily digest over a real SMTP conversation with a local sink. getEnv() caches its first
// answer, so SMTP_URL and APP_URL are set in beforeAll before anything opens the database.
let sink: Sink;
// A run goes through every member of staff in the database. On PostgreSQL the database is shared by every
// test file and holds the staff accounts they all made: two runs there took over 30 s in CI.
jest.setTimeout(240_000);

const TODAY = '2026-06-10'; // a Wednesday; the dates below avoid the 25 May bank holiday
const APP = 'https://reinstate.example.test';
const day = (iso: string) => {
  const [year, month, d] = iso.split('-').map(Number);
  return { precision: 'DAY' as const, year: year!, month: month!, day: d! };
};
const dueOnOf = async (eventId: string) =>
  (await db.deadline.findFirstOrThrow({ where: { eventId } })).dueOn.toISOString().slice(0, 10);

async function addEvent(
  caseId: string,
  type: string,
  date: string,
  title: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await addEventAction({ caseId, type: type as 'NOTE', date: day(date), title, ...extra });
  if (!res.ok) throw new Error(`addEvent failed: ${res.error} ${JSON.stringify(res.fieldErrors)}`);
  return res.data.id;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
// With DATABASE_URL the database is shared with other test files and earlier runs, whose users
// may be recipients too: assertions about a run look at this file's people, or at every recipient.
const refusedIds = new Set<string>();
const refusedOnly = (failed: { userId: string }[]) =>
  failed.filter((f) => refusedIds.has(f.userId)).map((f) => f.userId);
async function makeRefusedCaseworker(): Promise<TestUser> {
  const user = await makeUser('CASEWORKER', { email: `refused-${crypto.randomBytes(4).toString('hex')}@example.test` });
  refusedIds.add(user.id);
  const c = await makeCase({ caseworker: user });
  actAs(user);
  await addEvent(c.kase.id, 'SAR_SENT', '2026-05-05', 'SAR'); // overdue on 12 Jun 2026 and on any real day after
  return user;
}

const since = (mark: number) => sink.received.slice(mark);
const to = (msgs: Received[], user: TestUser) => msgs.filter((m) => m.to.includes(user.email));
function countsByRecipient(msgs: Received[]): number[] {
  const counts = new Map<string, number>();
  for (const m of msgs) for (const r of m.to) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.values()];
}

// The scene: one caseworker with an assigned case carrying six deadlines of every kind, plus
// people who must not get this case's deadlines or any email at all.
let cw: TestUser,
  memberIn: TestUser,
  memberOut: TestUser,
  cwOff: TestUser,
  cwDisabled: TestUser,
  coordinator: TestUser,
  coordinatorIn: TestUser;
let caseA: { id: string; reference: string }, caseB: { id: string; reference: string };
const due: Record<string, string> = {};
const SECRET_TITLE = 'SAR to the party about Jane Secretname';

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.APP_URL = `${APP}/`;
  jest.spyOn(console, 'error').mockImplementation(() => undefined);

  [cw, memberIn, memberOut, cwOff, cwDisabled, coordinator, coordinatorIn] = await Promise.all([
    makeUser('CASEWORKER'),
    makeUser('MEMBER'),
    makeUser('MEMBER'),
    makeUser('CASEWORKER'),
    makeUser('CASEWORKER'),
    makeUser('COORDINATOR'),
    makeUser('COORDINATOR'),
  ]);
  const a = await makeCase({ member: memberIn, caseworker: cw });
  const b = await makeCase({ member: memberOut }); // unassigned
  caseA = a.kase;
  caseB = b.kase;

  actAs(cw);
  due.overdue = await dueOnOf(await addEvent(caseA.id, 'SAR_SENT', '2026-05-05', SECRET_TITLE));
  due.soon = await dueOnOf(
    await addEvent(caseA.id, 'NOTICE_OF_INVESTIGATION', '2026-06-02', 'Notice', { windowDays: 11 }),
  );
  due.later = await dueOnOf(await addEvent(caseA.id, 'SAR_SENT', '2026-06-09', 'Second SAR'));
  due.staffOnly = await dueOnOf(
    await addEvent(caseA.id, 'NOTICE_OF_INVESTIGATION', '2026-06-01', 'Private notice', {
      windowDays: 10,
      caseworkersOnly: true,
    }),
  );
  // Met: a decision whose appeal has been lodged. Waived: a reply window someone waived.
  due.met = await dueOnOf(await addEvent(caseA.id, 'DECISION', '2026-05-27', 'Decision'));
  await addEvent(caseA.id, 'APPEAL_LODGED', '2026-06-01', 'Appeal lodged');
  const waivedId = await addEvent(caseA.id, 'NOTICE_OF_INVESTIGATION', '2026-05-28', 'Waived notice', {
    windowDays: 7,
  });
  await db.deadline.updateMany({
    where: { eventId: waivedId },
    data: { waivedAt: new Date(), waivedReason: 'Extended by letter' },
  });
  due.waived = await dueOnOf(waivedId);

  actAs(coordinator);
  due.unassigned = await dueOnOf(await addEvent(caseB.id, 'SAR_SENT', '2026-05-12', 'SAR on an unassigned case'));

  // A caseworker who turned the emails off, and a disabled one, each with an overdue deadline.
  for (const other of [cwOff, cwDisabled]) {
    const c = await makeCase({ caseworker: other });
    actAs(other);
    await addEvent(c.kase.id, 'SAR_SENT', '2026-05-05', 'SAR');
  }
  await db.user.update({ where: { id: cwDisabled.id }, data: { disabledAt: new Date() } });

  // Opting in and out through the account page's action.
  actAs(memberIn);
  expect(await setReminderEmailsAction({ enabled: true })).toEqual({ ok: true, data: { enabled: true } });
  actAs(cwOff);
  expect(await setReminderEmailsAction({ enabled: false })).toEqual({ ok: true, data: { enabled: false } });
  actAs(coordinatorIn);
  expect(await setReminderEmailsAction({ enabled: true })).toMatchObject({ ok: true });
});

afterAll(async () => {
  jest.restoreAllMocks();
  // Refusing mailboxes would fail every later run on a shared database: retire them.
  await db.user.updateMany({ where: { id: { in: [...refusedIds] } }, data: { disabledAt: new Date() } });
  // The set-up's own afterAll (helpers/setup-after-env.ts) closed the database before this one ran: the update above
  // opened it again. Left open, it held jest for about 10 s after the run ("Jest did not exit").
  await closeDb();
  await sink.close();
});

test('the scene is what the test assumes (dates worked out by the real rules)', () => {
  expect(getEnv().SMTP_URL).toBe(sink.url);
  expect(due).toEqual({
    overdue: '2026-06-05',
    soon: '2026-06-15',
    later: '2026-07-09',
    staffOnly: '2026-06-11',
    met: '2026-06-17',
    waived: '2026-06-04',
    unassigned: '2026-06-12',
  });
});

test('role defaults: caseworkers get the digest unless they opt out; coordinators and members only if they opt in', async () => {
  expect(await getReminderSettings(cw)).toEqual({ enabled: true, chosen: false });
  expect(await getReminderSettings(cwOff)).toEqual({ enabled: false, chosen: true });
  expect(await getReminderSettings(coordinator)).toEqual({ enabled: false, chosen: false });
  expect(await getReminderSettings(memberOut)).toEqual({ enabled: false, chosen: false });
  expect(await getReminderSettings(memberIn)).toEqual({ enabled: true, chosen: true });
});

test('a person changes only their own setting: a user id is refused, and the change is audited', async () => {
  actAs(memberOut);
  const res = await setReminderEmailsAction({ enabled: false, userId: cw.id } as never);
  expect(res).toMatchObject({ ok: false, code: 'invalid' });
  expect((await db.user.findUniqueOrThrow({ where: { id: cw.id } })).reminderEmails).toBeNull();
  actAs(null);
  expect(await setReminderEmailsAction({ enabled: true })).toMatchObject({ ok: false, code: 'unauthenticated' });
  const audit = await db.auditLog.findFirstOrThrow({ where: { actorId: memberIn.id, action: 'user.reminders' } });
  expect(audit).toMatchObject({ entityType: 'User', entityId: memberIn.id, fields: ['reminderEmails'] });
});

describe('one run', () => {
  let mark: number;
  let first: Awaited<ReturnType<typeof sendReminders>>;
  let connections: number;
  beforeAll(async () => {
    mark = sink.received.length;
    const before = sink.connections();
    first = await sendReminders({ today: TODAY });
    connections = sink.connections() - before;
  });

  // On PostgreSQL the database is shared, and the run also sends to every caseworker other files made (about 150
  // in CI): a connection is replaced after MESSAGES_PER_CONNECTION messages.
  test('the run sends its digests over one SMTP connection (another after each refused message)', () => {
    expect(first.sent).toBeGreaterThanOrEqual(2);
    expect(connections).toBeGreaterThanOrEqual(1);
    expect(connections).toBeLessThanOrEqual(Math.ceil(first.sent / MESSAGES_PER_CONNECTION) + first.failed.length);
  });

  test('the caseworker gets overdue first, then what is due this week, on their assigned case only', () => {
    expect(first.failed.map((f) => f.userId)).not.toContain(cw.id);
    expect(first.failed.map((f) => f.userId)).not.toContain(memberIn.id);
    const [msg, ...more] = to(since(mark), cw);
    expect(more).toHaveLength(0);
    expect(msg!.subject).toBe('Reinstate: 1 deadline overdue, 2 due this week');
    const body = msg!.body;
    const overdueLine = `- ${caseA.reference} — Reply to the subject access request due — Fri 5 Jun 2026 (overdue by 5 days)`;
    const staffOnlyLine = `- ${caseA.reference} — Reply to the notice of investigation due — Thu 11 Jun 2026 (due tomorrow)`;
    const soonLine = `- ${caseA.reference} — Reply to the notice of investigation due — Mon 15 Jun 2026 (in 5 days)`;
    expect(body).toContain(`Overdue\n${overdueLine}\n  ${APP}/cases/${caseA.reference}\n`);
    expect(body).toContain(
      `Due in the next 7 days\n${staffOnlyLine}\n  ${APP}/cases/${caseA.reference}\n${soonLine}\n`,
    );
    expect(body.indexOf(overdueLine)).toBeLessThan(body.indexOf(soonLine));
    expect(body).toContain('on the cases assigned to you');
    expect(body).toContain(`on your account page: ${APP}/account`);
    // Not listed: due in 29 days, met, waived, and the deadline on a case not assigned to them.
    expect(body).not.toContain('9 Jul 2026');
    expect(body).not.toContain('Last day to appeal');
    expect(body).not.toContain('4 Jun 2026');
    expect(body).not.toContain(caseB.reference);
    expect(body.match(/^- /gm)).toHaveLength(3);
  });

  test('the email carries no names and no free text from the case', () => {
    const msgs = since(mark);
    for (const m of msgs) {
      for (const person of [memberIn, memberOut, cw]) expect(m.raw).not.toContain(person.name);
      expect(m.raw).not.toContain('Jane Secretname');
      expect(m.raw).not.toContain('Private notice');
    }
  });

  test('the member who opted in gets their own case, in the second person, without caseworker-only deadlines', () => {
    const [msg, ...more] = to(since(mark), memberIn);
    expect(more).toHaveLength(0);
    expect(msg!.subject).toBe('Reinstate: 1 deadline overdue, 1 due this week');
    expect(msg!.body).toContain('on your case.');
    expect(msg!.body).toContain('because you asked for daily reminders');
    expect(msg!.body).toContain('(overdue by 5 days)');
    expect(msg!.body).toContain('Mon 15 Jun 2026 (in 5 days)');
    expect(msg!.body).not.toContain('Thu 11 Jun 2026'); // started by a caseworker-only entry
    expect(msg!.body.match(/^- /gm)).toHaveLength(2);
  });

  test('nothing for a member who did not opt in, a caseworker who opted out, a disabled caseworker, or a coordinator by default', () => {
    const msgs = since(mark);
    for (const user of [memberOut, cwOff, cwDisabled, coordinator]) expect(to(msgs, user)).toHaveLength(0);
  });

  test('a coordinator who opted in gets the whole network', () => {
    const [msg] = to(since(mark), coordinatorIn);
    expect(msg!.body).toContain('across the network');
    const line = `- ${caseB.reference} — Reply to the subject access request due — Fri 12 Jun 2026 (in 2 days)`;
    // With DATABASE_URL other test files' cases are in the network too, and one email lists at most
    // MAX_DIGEST_LINES: the rest are counted ("…and N more").
    if (process.env.DATABASE_URL && !msg!.body.includes(line)) expect(msg!.body).toMatch(/…and \d+ more/);
    else {
      expect(msg!.body).toContain(line);
      expect(msg!.body).toContain(caseA.reference);
    }
  });

  test('each digest is recorded once for the day, and audited without case data', async () => {
    // Only this day's rows: on a shared PostgreSQL database other files' runs (other days) include these people.
    const day = new Date(`${TODAY}T00:00:00Z`);
    const rows = await db.reminderDigest.findMany({
      where: { userId: { in: [cw.id, memberIn.id] }, day },
      orderBy: { itemCount: 'desc' },
    });
    expect(rows.map((r) => [r.day.toISOString().slice(0, 10), r.itemCount, r.sentAt !== null])).toEqual([
      [TODAY, 3, true],
      [TODAY, 2, true],
    ]);
    expect(
      await db.reminderDigest.count({ where: { userId: { in: [memberOut.id, cwOff.id, coordinator.id] }, day } }),
    ).toBe(0);
    const audit = await db.auditLog.findMany({ where: { action: 'reminders.digest', entityId: cw.id } });
    expect(audit).toEqual([expect.objectContaining({ entityType: 'User', caseId: null, fields: [], actorId: null })]);
  });

  test('running again the same day sends nothing', async () => {
    const again = sink.received.length;
    const second = await sendReminders({ today: TODAY });
    // Other files on a shared PostgreSQL database add people with deadlines meanwhile: count this file's people there.
    const mine = new Set([cw, memberIn, memberOut, cwOff, cwDisabled, coordinator, coordinatorIn].map((u) => u.email));
    const ours = (msgs: Received[]) =>
      process.env.DATABASE_URL ? msgs.filter((m) => m.to.some((r) => mine.has(r))) : msgs;
    expect(ours(since(again))).toEqual([]);
    expect(second.skipped).toBeGreaterThanOrEqual(first.sent);
    if (!process.env.DATABASE_URL) expect(second).toMatchObject({ sent: 0, skipped: first.sent });
    expect(countsByRecipient(ours(since(mark))).every((n) => n === 1)).toBe(true);
    expect(to(since(mark), cw)).toHaveLength(1);
    expect(to(since(mark), memberIn)).toHaveLength(1);
  });
});

test('a caseworker past the two-step set-up deadline gets no digest until they set it up', async () => {
  const late = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker: late });
  actAs(late);
  await addEvent(c.kase.id, 'SAR_SENT', '2026-05-05', 'SAR'); // overdue on TODAY
  await db.user.update({ where: { id: late.id }, data: { mfaRequiredAt: new Date(Date.now() - 60_000) } });
  const mark = sink.received.length;
  await sendReminders({ today: TODAY });
  expect(to(since(mark), late)).toHaveLength(0);
  await db.passkey.create({
    data: {
      userId: late.id,
      credentialId: `cred-${late.id}`,
      publicKey: Buffer.from('x'),
      deviceType: 'singleDevice',
      name: 'Key',
    },
  });
  await sendReminders({ today: TODAY });
  expect(to(since(mark), late)).toHaveLength(1);
});

test('two runs at once send one email each', async () => {
  const mark = sink.received.length;
  const [a, b] = await Promise.all([sendReminders({ today: '2026-06-11' }), sendReminders({ today: '2026-06-11' })]);
  const msgs = since(mark);
  expect([...a.failed, ...b.failed]).toEqual([]);
  expect(a.sent + b.sent).toBe(msgs.length);
  // Each person was claimed by one run and skipped by the other.
  expect(a.skipped + b.skipped).toBeGreaterThanOrEqual(msgs.length);
  expect(countsByRecipient(msgs).every((n) => n === 1)).toBe(true);
  expect(to(msgs, cw)).toHaveLength(1);
  expect(to(msgs, memberIn)).toHaveLength(1);
  expect(to(msgs, cw)[0]!.body).toContain('Thu 11 Jun 2026 (due today)');
});

// The server's own daily run (embedded database: only the server may open it). Before the hour
// nothing happens; after it, one digest per person; further checks that day send nothing.
// Other tests' runs (other days) include this caseworker too, so only the days this test runs are
// counted. It lives in this file so that no two files' runs overlap on a shared PostgreSQL database.
const scheduleDays = ['2026-11-23', '2027-06-01'].map((d) => new Date(`${d}T00:00:00Z`));
const digestsOf = (userId: string) =>
  db.reminderDigest.findMany({ where: { userId, day: { in: scheduleDays } }, orderBy: { day: 'asc' } });

test('the in-server schedule queues one digest job per day after the configured UK hour, which a job worker sends', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  actAs(caseworker);
  const res = await addEventAction({
    caseId: kase.id,
    type: 'SAR_SENT',
    date: { precision: 'DAY', year: 2025, month: 1, day: 6 },
    title: 'Old SAR',
  });
  expect(res.ok).toBe(true);

  // A database kept from an earlier run of this file on PostgreSQL: those days' jobs start again.
  await db.job.deleteMany({ where: { kind: 'REMINDER_DIGEST', subjectId: { in: ['2026-11-23', '2027-06-01'] } } });

  expect(await reminderTick(new Date('2026-11-23T06:30:00Z'))).toBeNull(); // 06:30 in London (GMT): too early
  await jobsIdle();
  expect(await digestsOf(caseworker.id)).toHaveLength(0);

  // The check queues the day's job; the job worker (here, this process's) sends.
  expect(await reminderTick(new Date('2026-11-23T07:05:00Z'))).toBe('2026-11-23');
  await jobsIdle();
  const rows = await digestsOf(caseworker.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.day.toISOString().slice(0, 10)).toBe('2026-11-23');
  expect(rows[0]!.sentAt).not.toBeNull();
  expect(await db.job.findMany({ where: { kind: 'REMINDER_DIGEST', subjectId: '2026-11-23' } })).toEqual([
    expect.objectContaining({ status: 'DONE', attempts: 1 }),
  ]);

  // Later checks that day queue nothing, and a second queueing (another server's check) is the same job.
  expect(await reminderTick(new Date('2026-11-23T09:00:00Z'))).toBeNull();
  await enqueueJob('REMINDER_DIGEST', '2026-11-23');
  await jobsIdle();
  expect(await digestsOf(caseworker.id)).toHaveLength(1);
  expect(await db.job.count({ where: { kind: 'REMINDER_DIGEST', subjectId: '2026-11-23' } })).toBe(1);

  // In summer the hour is British Summer Time: 06:30 UTC is 07:30 in London. A server that takes no
  // jobs (JOB_WORKER=off) queues it and sends nothing; a server that takes jobs sends it.
  pauseLocalWorker(true);
  try {
    expect(await reminderTick(new Date('2027-06-01T06:30:00Z'))).toBe('2027-06-01');
    await new Promise((r) => setTimeout(r, 200));
    expect(await digestsOf(caseworker.id)).toHaveLength(1);
  } finally {
    pauseLocalWorker(false);
  }
  await drainJobs();
  const both = await digestsOf(caseworker.id);
  expect(both.map((r) => r.day.toISOString().slice(0, 10))).toEqual(['2026-11-23', '2027-06-01']);
});

test('a refused recipient is reported, keeps no claim, and gets the email on a later run', async () => {
  const refused = await makeRefusedCaseworker();
  const mark = sink.received.length;
  const run = await sendReminders({ today: '2026-06-12' });
  expect(run.failed).toContainEqual({
    userId: refused.id,
    error: expect.stringMatching(/Mailbox unavailable|rejected/),
  });
  expect(refusedOnly(run.failed)).toEqual([refused.id]);
  expect(run.sent).toBeGreaterThan(0); // the others were not held up
  expect(to(since(mark), refused)).toHaveLength(0);
  expect(await db.reminderDigest.count({ where: { userId: refused.id, day: new Date('2026-06-12T00:00:00Z') } })).toBe(
    0,
  );

  sink.setRefusing(false);
  try {
    const retry = await sendReminders({ today: '2026-06-12' });
    expect(retry.failed).toEqual([]);
    expect(retry.sent).toBeGreaterThanOrEqual(1);
    if (!process.env.DATABASE_URL) expect(retry.sent).toBe(1);
    const msgs = to(since(mark), refused);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.subject).toBe('Reinstate: 1 deadline overdue');
    expect(countsByRecipient(since(mark)).every((n) => n === 1)).toBe(true);
  } finally {
    sink.setRefusing(true);
  }
});

test('a claim abandoned by a crashed run is taken over later; a fresh one is respected', async () => {
  const mark = sink.received.length;
  const today = '2026-06-13';
  const fresh = await db.reminderDigest.create({
    data: { userId: cw.id, day: new Date(`${today}T00:00:00Z`), itemCount: 3 },
  });
  await sendReminders({ today });
  expect(to(since(mark), cw)).toHaveLength(0);
  await db.reminderDigest.update({ where: { id: fresh.id }, data: { createdAt: new Date(Date.now() - 2 * 3600_000) } });
  await sendReminders({ today });
  expect(to(since(mark), cw)).toHaveLength(1);
});

test('the default day is today in the UK', () => {
  expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // BST
  expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // GMT
});

// The command cron runs: a summary line, and exit code 1 while anyone could not be sent to.
const root = path.resolve(__dirname, '../../..');
function runScript(port: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/reminders.ts')],
      { cwd: root, env: { ...process.env, PORT: String(port) }, timeout: 180_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

test('npm run reminders exits 1 when a send fails and 0 once the retry succeeds', async () => {
  const refused = await makeRefusedCaseworker();
  expect(londonToday() > '2026-06-05').toBe(true);
  await closeDb(); // PGlite: one process per data directory

  // A port where nothing listens: the script refuses to open the embedded database while an app answers on PORT.
  const port = await freePort();
  const first = await runScript(port);
  expect(first.stderr).toContain(`Not sent to user ${refused.id}`);
  expect(first.stdout).toMatch(
    /^Sent \d+ reminder email\(s\); \d+ already sent today; \d+ with nothing due; [1-9]\d* failed\.$/m,
  );
  expect(first.code).toBe(1);

  sink.setRefusing(false);
  try {
    const mark = sink.received.length;
    const second = await runScript(port);
    expect(second.stdout).toMatch(
      /^Sent [1-9]\d* reminder email\(s\); [1-9]\d* already sent today; \d+ with nothing due; 0 failed\.$/m,
    );
    expect(second.code).toBe(0);
    expect(to(since(mark), refused)).toHaveLength(1);
  } finally {
    sink.setRefusing(true);
  }
}, 400_000);

// Only the embedded database has the one-process rule; on PostgreSQL the app and cron share it.
(process.env.DATABASE_URL ? test.skip : test)(
  'npm run reminders will not open the embedded database while the app is serving from it',
  async () => {
    const app = http.createServer((req, res) => {
      res.writeHead(req.url === '/api/health' ? 200 : 404).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      await db.reminderDigest.deleteMany({}); // so a run that did go ahead would send again
      await closeDb();
      const mark = sink.received.length;
      const res = await runScript((app.address() as net.AddressInfo).port);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('which only one process may open');
      expect(since(mark)).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  },
  60_000,
);
