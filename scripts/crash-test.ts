// Crash safety, measured (issue 11, point 5): the production app is started on a fresh database, 100
// concurrent writers add timeline entries (server action over HTTP) and upload evidence (the upload
// route) as the demo member, and the whole app is killed with SIGKILL at a random moment. With the app
// down, the database is opened directly and checked: every write the app acknowledged is there, every
// evidence row's file is in the store, files no row points to (uploads cut off mid-way) are swept, and
// then none is left. Repeated for N cycles, on the embedded database or PostgreSQL.
//
//   npm run crash-test -- [--cycles 20] [--writers 100] [--kill-from 4000] [--kill-to 12000] [--postgres postgres://user@host:5432]
//
// With --postgres a fresh database is made on that server for the run and dropped afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale } from './build-if-stale';

const root = path.resolve(__dirname, '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const CYCLES = Number(arg('cycles', '20'));
const WRITERS = Number(arg('writers', '100'));
const PG_BASE = arg('postgres', '');
// When the kill comes, after the writers start: late enough that writes are flowing (100 writers share one
// embedded database), early enough that many are in flight.
const KILL_FROM_MS = Number(arg('kill-from', '4000'));
const KILL_TO_MS = Number(arg('kill-to', '12000'));
const PORT = String(3900 + Math.floor(Math.random() * 90));
const BASE = `http://localhost:${PORT}`;
const MEMBER = { email: 'member@demo.reinstate.test', password: 'demo-member-pass' };

type Ack = { kind: 'event' | 'evidence'; id: string; title: string };
type Row = {
  cycle: number;
  killedAfterMs: number;
  acknowledged: number;
  events: number;
  uploads: number;
  lost: number;
  danglingRows: number;
  orphansSwept: number;
  orphansLeft: number;
  opened: boolean;
  restartMs: number;
};

function psql(sql: string): void {
  const url = new URL(PG_BASE);
  const r = spawnSync(
    'psql',
    [
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username || 'postgres'),
      '-v',
      'ON_ERROR_STOP=1',
      '-qc',
      sql,
      'postgres',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
}

function start(env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn('sh', [path.join(root, 'scripts/start.sh'), '--demo'], {
    cwd: root,
    env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  return child;
}

async function waitHealthy(child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (
      await fetch(`${BASE}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The app did not start. Log:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
}

async function killHard(child: ChildProcess): Promise<void> {
  try {
    process.kill(-child.pid!, 'SIGKILL'); // the launcher and the server at once, as a power cut would
  } catch {
    /* already gone */
  }
  // Wait until no process of the group is left (the server must have released the data directory).
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-child.pid!, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function signIn(): Promise<string> {
  const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: MEMBER.email, password: MEMBER.password, json: 'true' }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error('Sign-in failed');
  return session;
}

/** A small, valid, unique PDF (the upload route sniffs the bytes). */
function pdfWith(text: string): Buffer {
  const content = `BT /F1 12 Tf 72 700 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const refusals = new Map<string, number>();
const refused = (what: string) => refusals.set(what.slice(0, 160), (refusals.get(what.slice(0, 160)) ?? 0) + 1);

async function writers(opts: {
  cookie: string;
  actionId: string;
  caseId: string;
  reference: string;
  cycle: number;
  stop: () => boolean;
}): Promise<Ack[]> {
  const acks: Ack[] = [];
  const one = async (w: number) => {
    for (let n = 0; !opts.stop(); n++) {
      const title = `crash c${opts.cycle} w${w} n${n} ${crypto.randomBytes(3).toString('hex')}`;
      try {
        if (n % 2 === 0) {
          const input = {
            caseId: opts.caseId,
            type: 'NOTE',
            date: { precision: 'DAY', year: 2026, month: 1, day: 5 },
            title,
          };
          const res = await fetch(`${BASE}/cases/${opts.reference}`, {
            method: 'POST',
            headers: {
              accept: 'text/x-component',
              'next-action': opts.actionId,
              origin: BASE,
              'content-type': 'text/plain;charset=UTF-8',
              cookie: opts.cookie,
            },
            body: JSON.stringify([input]),
          });
          const text = await res.text();
          const m = /^1:(\{"ok":true.*)$/m.exec(text);
          if (res.ok && m)
            acks.push({ kind: 'event', id: (JSON.parse(m[1]!) as { data: { id: string } }).data.id, title });
          else refused(`entry ${res.status}: ${text.replace(/\s+/g, ' ')}`);
        } else {
          const res = await fetch(`${BASE}/api/cases/${opts.reference}/evidence`, {
            method: 'POST',
            headers: {
              origin: BASE,
              cookie: opts.cookie,
              'content-type': 'application/pdf',
              'x-file-name': encodeURIComponent(`${title}.pdf`),
            },
            body: new Uint8Array(pdfWith(title)),
          });
          if (res.status === 201)
            acks.push({ kind: 'evidence', id: ((await res.json()) as { data: { id: string } }).data.id, title });
          else refused(`upload ${res.status}: ${(await res.text()).replace(/\s+/g, ' ')}`);
        }
      } catch {
        /* the app went away mid-request: not acknowledged */
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => one(w)));
  return acks;
}

async function main(): Promise<void> {
  // The build it starts is the code as it is now: rebuilt when any source is newer (as for `npm start`).
  await buildIfStale(root);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-crash-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    KEY_DIR: `${dataDir}-keys`,
    PORT,
    APP_URL: BASE,
    NEXTAUTH_URL: BASE,
    REMINDER_SCHEDULE: 'off',
    NODE_ENV: 'production',
  };
  delete env.NODE_OPTIONS;
  delete env.SMTP_URL;
  let dbName = '';
  if (PG_BASE) {
    dbName = `reinstate_crash_${Date.now()}`;
    psql(`CREATE DATABASE "${dbName}"`);
    env.DATABASE_URL = `${PG_BASE.replace(/\/$/, '')}/${dbName}`;
    env.AUTH_SECRET = crypto.randomBytes(32).toString('hex');
    env.EVIDENCE_MASTER_KEY = crypto.randomBytes(32).toString('base64');
  } else {
    delete env.DATABASE_URL;
    delete env.EVIDENCE_MASTER_KEY;
    delete env.AUTH_SECRET;
  }
  const logFile = path.join(dataDir, 'app.log');
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName: string }> };
  const actionId = Object.entries(manifest.node).find(([, a]) => a.exportedName === 'addEventAction')?.[0];
  if (!actionId) throw new Error('addEventAction is not in the build');

  // The harness opens the database itself only while the app is down (PGlite: one process at a time).
  Object.assign(process.env, {
    DATA_DIR: env.DATA_DIR,
    KEY_DIR: env.KEY_DIR,
    DATABASE_URL: env.DATABASE_URL ?? '',
    AUTH_SECRET: env.AUTH_SECRET ?? '',
    EVIDENCE_MASTER_KEY: env.EVIDENCE_MASTER_KEY ?? '',
  });
  if (!env.DATABASE_URL) delete process.env.DATABASE_URL;
  if (!env.AUTH_SECRET) delete process.env.AUTH_SECRET;
  if (!env.EVIDENCE_MASTER_KEY) delete process.env.EVIDENCE_MASTER_KEY;

  const rows: Row[] = [];
  const all: Ack[] = [];
  let child = start(env, logFile);
  await waitHealthy(child, logFile);
  let restartMs = 0;
  try {
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const cookie = await signIn();
      const page = await fetch(`${BASE}/cases`, { headers: { cookie } }).then((r) => r.text());
      const reference = /RS-\d{4}-\d{4}/.exec(page)?.[0];
      if (!reference) throw new Error('The member has no case to write to');
      // The case id: the evidence route takes the reference, the action the id (read from the page's data).
      const html = await fetch(`${BASE}/cases/${reference}?tab=details`, { headers: { cookie } }).then((r) => r.text());
      const caseId =
        /"caseId":"(c[a-z0-9]{24})"/.exec(html)?.[1] ?? /\\"caseId\\":\\"(c[a-z0-9]{24})\\"/.exec(html)?.[1];
      if (!caseId) throw new Error('The case id was not found on the case page');
      let stopped = false;
      const killedAfterMs = KILL_FROM_MS + Math.floor(Math.random() * (KILL_TO_MS - KILL_FROM_MS));
      const writing = writers({ cookie, actionId, caseId, reference, cycle, stop: () => stopped });
      await new Promise((r) => setTimeout(r, killedAfterMs));
      await killHard(child);
      stopped = true;
      const acks = await writing;
      all.push(...acks);

      // The app is down: open the database and the store directly.
      const check = await checkStore(all);
      rows.push({
        cycle,
        killedAfterMs,
        acknowledged: acks.length,
        events: acks.filter((a) => a.kind === 'event').length,
        uploads: acks.filter((a) => a.kind === 'evidence').length,
        restartMs,
        ...check,
      });
      const r = rows[rows.length - 1]!;
      console.log(
        `cycle ${cycle}: killed after ${killedAfterMs} ms; acknowledged ${r.acknowledged} (${r.events} entries, ${r.uploads} uploads); lost ${r.lost}; rows without a file ${r.danglingRows}; orphan files swept ${r.orphansSwept}, left ${r.orphansLeft}; opened ${r.opened ? 'cleanly' : 'NOT'}`,
      );

      const t0 = Date.now();
      child = start(env, logFile);
      await waitHealthy(child, logFile);
      restartMs = Date.now() - t0;
    }
  } finally {
    await killHard(child);
    if (dbName) psql(`DROP DATABASE IF EXISTS "${dbName}"`);
  }
  report(rows);
  if (refusals.size) {
    console.log('\nAnswers that were not an acknowledgement (before the kill they should be rare):');
    for (const [what, n] of [...refusals].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${n} × ${what}`);
  }
  // A cycle in which nothing was acknowledged proves nothing, and neither does a run without uploads: both fail it.
  const bad = rows.filter((r) => r.lost || r.danglingRows || r.orphansLeft || !r.opened || r.acknowledged === 0);
  if (!rows.some((r) => r.uploads > 0) || !rows.some((r) => r.events > 0)) bad.push(rows[0]!);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(`${dataDir}-keys`, { recursive: true, force: true });
  process.exit(bad.length ? 1 : 0);
}

/** Every acknowledged write is there; every evidence row has its file; orphan files are swept, then none is left. */
async function checkStore(
  acks: Ack[],
): Promise<Pick<Row, 'lost' | 'danglingRows' | 'orphansSwept' | 'orphansLeft' | 'opened'>> {
  const { db, closeDb } = await import('../lib/db/client');
  const { getBlobStore } = await import('../lib/evidence/storage');
  const { sweepOrphanBlobs } = await import('../lib/evidence/sweep-storage');
  let opened = true;
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (err) {
    console.error('The database did not open:', err);
    opened = false;
    return { lost: acks.length, danglingRows: 0, orphansSwept: 0, orphansLeft: 0, opened };
  }
  const eventIds = new Set(
    (
      await db.timelineEvent.findMany({
        where: { id: { in: acks.filter((a) => a.kind === 'event').map((a) => a.id) } },
        select: { id: true },
      })
    ).map((e) => e.id),
  );
  const evidenceIds = new Set(
    (
      await db.evidence.findMany({
        where: { id: { in: acks.filter((a) => a.kind === 'evidence').map((a) => a.id) } },
        select: { id: true },
      })
    ).map((e) => e.id),
  );
  const lost = acks.filter((a) => !(a.kind === 'event' ? eventIds : evidenceIds).has(a.id)).length;
  const store = getBlobStore();
  const rows = await db.evidence.findMany({ where: { purgedAt: null }, select: { storageKey: true } });
  let danglingRows = 0;
  for (const r of rows) if (!(await store.exists(r.storageKey))) danglingRows++;
  const swept = await sweepOrphanBlobs(store, { graceMs: 0 });
  const again = await sweepOrphanBlobs(store, { graceMs: 0 });
  await closeDb();
  return { lost, danglingRows, orphansSwept: swept.deleted.length, orphansLeft: again.deleted.length, opened };
}

function report(rows: Row[]): void {
  const sum = (k: keyof Row) => rows.reduce((n, r) => n + Number(r[k]), 0);
  console.log(
    `\nEngine: ${PG_BASE ? 'PostgreSQL' : 'PGlite (embedded)'}; ${rows.length} cycles of ${WRITERS} writers, SIGKILL of the whole app ${KILL_FROM_MS / 1000}–${KILL_TO_MS / 1000} s after the writers start`,
  );
  console.log(
    '| cycle | killed after (ms) | acknowledged | entries | uploads | lost | rows without file | orphans swept | orphans left | opened | restart (ms) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.cycle} | ${r.killedAfterMs} | ${r.acknowledged} | ${r.events} | ${r.uploads} | ${r.lost} | ${r.danglingRows} | ${r.orphansSwept} | ${r.orphansLeft} | ${r.opened ? 'yes' : 'NO'} | ${r.restartMs || '–'} |`,
    );
  console.log(
    `| all | | ${sum('acknowledged')} | ${sum('events')} | ${sum('uploads')} | ${sum('lost')} | ${sum('danglingRows')} | ${sum('orphansSwept')} | ${sum('orphansLeft')} | ${rows.every((r) => r.opened) ? 'yes' : 'NO'} | |`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
