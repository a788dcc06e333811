import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { Client } from 'pg';
// @ts-expect-error -- s3rver ships no type declarations; the few members used are typed below.
import S3rverModule from 's3rver';
import { HEAP_GROWTH_FLAG } from '../../scripts/web-process-flags';
import { isRunning } from '../helpers/processes';
import { DEMO, ref } from './support/browser';
import { createServerDatabase, dropServerDatabase } from './support/server-database';

// Two app servers from the same production build, on different ports, sharing one fresh PostgreSQL
// database, one S3 bucket (s3rver) and their secrets, as the README's "Running several servers" sets
// them up. Observed only over HTTP and in the database, so it does not matter where a server builds
// bundles (its web process or a process of its own):
//   1. sign in on A, continue the session on B (pages and a server action);
//   2. upload evidence on A, download the same bytes from B;
//   3. queue a bundle on A, whose job worker is off (JOB_WORKER=off): B builds it;
//   4. A restarted with its worker on; a bigger bundle queued; the server building it killed with
//      SIGKILL (its whole process group: supervisor, web processes, anything they started) mid-build;
//      the other server takes the job once the lease (JOB_LEASE_SECONDS) has run out and finishes it;
//   5. no job done twice: one `bundle.built` audit row per bundle, Job.attempts 1 and 2.
// Also: a web process killed on its own is started again by its server (WEB_PROCESSES=2 on A), and
// SIGTERM to the process npm start began (its shell became the supervisor) stops every process of the server. The steps, their timings and the RSS of
// every process are printed at the end.
//
// Runs only with E2E_POSTGRES (a PostgreSQL server address, e.g. postgres://postgres@127.0.0.1:5432).
// TWO_SERVERS_EXHIBITS × TWO_SERVERS_PAGES: the exhibits of the bundle that is killed mid-build.

const ROOT = path.resolve(__dirname, '../..');
const LEASE_SECONDS = 8;
const EXHIBITS = Number(process.env.TWO_SERVERS_EXHIBITS ?? 12);
const PAGES = Number(process.env.TWO_SERVERS_PAGES ?? 60);
const BUCKET = 'reinstate-two-servers';
const reference = ref(5); // a demo case the demo caseworker works on

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };
const S3rver = S3rverModule as new (options: Record<string, unknown>) => S3rverInstance;
type App = { name: string; baseUrl: string; child: ChildProcess; logFile: string };
type Step = { step: string; ms: number; note: string };

const describeWithPostgres = process.env.E2E_POSTGRES ? describe : describe.skip;
const TITLE = process.env.E2E_POSTGRES
  ? 'two app servers on one PostgreSQL database and one S3 bucket'
  : 'two app servers (skipped: set E2E_POSTGRES to a PostgreSQL server address, e.g. postgres://postgres@127.0.0.1:5432)';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-two-servers-'));
const steps: Step[] = [];
const rss = new Map<string, { idle?: number; peak: number }>();
const actions = new Map<string, { id: string; page: string }>();
let s3: S3rverInstance | undefined;
let database: { name: string | null; env: Record<string, string> } = { name: null, env: {} };
let sql: Client | undefined;
let sharedEnv: NodeJS.ProcessEnv = { ...process.env };
let a: App | undefined;
let b: App | undefined;
let cookie = '';
let caseId = '';
let sampler: NodeJS.Timeout | undefined;

async function timed<T>(step: string, fn: () => Promise<T>, note: (r: T) => string = () => ''): Promise<T> {
  const t0 = Date.now();
  const r = await fn();
  steps.push({ step, ms: Date.now() - t0, note: note(r) });
  return r;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const log = (app: App) => fs.readFileSync(app.logFile, 'utf8');
const healthy = (app: App) =>
  fetch(`${app.baseUrl}/api/health`).then(
    (r) => r.ok,
    () => false,
  );

// ------------------------------------------------------------------ processes of a server

type Proc = { pid: number; ppid: number; pgrp: number; cmd: string; rssKb: number };

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (!cmd) continue; // exited, not yet reaped
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
      out.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), cmd, rssKb });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

const groupOf = (app: App) => processes().filter((p) => p.pgrp === app.child.pid);

/** What each process of a server is: the launcher (only while starting), the supervisor of the web processes, a web process. */
function role(p: Proc, group: Proc[]): string {
  // scripts/serve.ts, compiled: scripts/start.sh becomes the supervisor (exec), and the supervisor starts its web processes.
  const serve = (q: Proc) => q.cmd.includes('reinstate-serve.cjs') || q.cmd.includes('scripts/serve.ts');
  if (serve(p)) return group.some((q) => q.pid === p.ppid && serve(q)) ? 'web process' : 'web supervisor';
  if (p.cmd.includes('scripts/start.ts')) return p.cmd.includes('tsx/dist/cli') ? 'tsx' : 'launcher';
  if (p.cmd.includes('scripts/start.sh')) return 'start.sh';
  return p.cmd
    .split(' ')
    .slice(0, 2)
    .map((w) => w.split('/').pop())
    .join(' '); // a tool or worker it started
}

function sampleRss(idle: boolean): void {
  for (const app of [a, b]) {
    if (!app) continue;
    const group = groupOf(app);
    for (const p of group) {
      const key = `${app.name} ${role(p, group)} ${p.pid}`;
      const mb = p.rssKb / 1024;
      const seen = rss.get(key) ?? { peak: 0 };
      seen.peak = Math.max(seen.peak, mb);
      if (idle) seen.idle = mb;
      rss.set(key, seen);
    }
  }
}

/** Which server holds a job now, from the process id in Job.lockedBy (host:pid:random). */
function holderOf(lockedBy: string | null): App | null {
  if (!lockedBy) return null;
  const pid = Number(lockedBy.split(':').at(-2));
  const proc = processes().find((p) => p.pid === pid);
  return [a, b].find((app) => app && proc?.pgrp === app.child.pid) ?? null;
}

// ------------------------------------------------------------------ starting and stopping servers

async function startApp(name: string, port: number, env: Record<string, string>, demo: boolean): Promise<App> {
  if (
    await fetch(`http://localhost:${port}/api/health`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`Port ${port} is still taken: ${name} cannot start.`);
  const logFile = path.join(work, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const dataDir = path.join(work, `data-${name}`);
  const child = spawn('sh', ['scripts/start.sh', ...(demo ? ['--demo'] : [])], {
    cwd: ROOT,
    env: { ...sharedEnv, DATA_DIR: dataDir, PORT: String(port), ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  const app: App = { name, baseUrl: `http://localhost:${port}`, child, logFile };
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await healthy(app)) return app;
    await sleep(250);
  }
  throw new Error(`${name} did not start. Log:\n${log(app).slice(-4000)}`);
}

async function waitGone(app: App, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (groupOf(app).length === 0) return true;
    await sleep(100);
  }
  return false;
}

function killGroup(app: App | undefined, signal: NodeJS.Signals): void {
  if (!app?.child.pid) return;
  try {
    process.kill(-app.child.pid, signal);
  } catch {
    /* already stopped */
  }
}

// ------------------------------------------------------------------ HTTP as a browser does it

async function signIn(app: App, who: { email: string; password: string }): Promise<string> {
  const csrfRes = await fetch(`${app.baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${app.baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email: who.email, password: who.password, json: 'true' }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`Sign-in failed for ${who.email} on ${app.name}`);
  return session;
}

/** A server action called as the page calls it: its id from the build's manifest, its argument as JSON. */
async function call(app: App, name: string, args: unknown): Promise<Record<string, unknown>> {
  const action = actions.get(name);
  if (!action) throw new Error(`No action ${name} in the build`);
  const res = await fetch(`${app.baseUrl}${action.page}`, {
    method: 'POST',
    headers: {
      'next-action': action.id,
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      origin: app.baseUrl,
      cookie,
    },
    body: JSON.stringify([args]),
  });
  const text = await res.text();
  const result = /^1:(\{.*\})$/m.exec(text);
  if (!result) throw new Error(`${name} on ${app.name}: no result (${res.status}) ${text.slice(0, 300)}`);
  const parsed = JSON.parse(result[1]!) as { ok: boolean; data?: Record<string, unknown>; error?: string };
  if (!parsed.ok) throw new Error(`${name} on ${app.name}: ${parsed.error}`);
  return parsed.data ?? {};
}

async function upload(app: App, body: Buffer, name: string, type: string): Promise<string> {
  const res = await fetch(`${app.baseUrl}/api/cases/${reference}/evidence`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { cookie, origin: app.baseUrl, 'content-type': type, 'x-file-name': name, 'x-caseworkers-only': '0' },
  });
  if (res.status !== 201) throw new Error(`upload on ${app.name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

/** Gives an uploaded item the date a bundle needs (on whichever server is asked). */
async function dateEvidence(app: App, id: string, title: string, n: number): Promise<void> {
  await call(app, 'updateEvidenceAction', {
    evidenceId: id,
    version: 1,
    title,
    kind: 'DOCUMENT',
    date: { precision: 'DAY', year: 2026, month: 1 + (n % 10), day: 1 + (n % 27) },
    caseworkersOnly: false,
    privileged: false,
    withoutPrejudice: false,
  });
}

async function download(app: App, url: string): Promise<Buffer> {
  const res = await fetch(`${app.baseUrl}${url}`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${url} on ${app.name}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

const startBundle = async (app: App) =>
  (
    await call(app, 'startBundleAction', {
      caseId,
      purpose: 'APPEAL',
      audience: 'STAFF',
      choices: { sectionOrder: [], itemOrder: {}, includeOnPurpose: [] },
    })
  ).id as string;

type JobRow = {
  status: string;
  attempts: number;
  lockedBy: string | null;
  leaseUntil: Date | null;
  startedAt: Date | null;
};
type BundleRow = { status: string; progress: number; sha256: string | null; pageCount: number | null };
const jobOf = async (bundleId: string) =>
  (
    await sql!.query<JobRow>(
      `SELECT "status", "attempts", "lockedBy", "leaseUntil", "startedAt" FROM "Job" WHERE "kind" = 'BUNDLE_BUILD' AND "subjectId" = $1`,
      [bundleId],
    )
  ).rows[0]!;
const bundleOf = async (bundleId: string) =>
  (
    await sql!.query<BundleRow>(`SELECT "status", "progress", "sha256", "pageCount" FROM "Bundle" WHERE "id" = $1`, [
      bundleId,
    ])
  ).rows[0]!;

/** Polls the Job row until the bundle is READY, noting every server seen holding the job. */
async function watchBuild(
  bundleId: string,
  ms: number,
  until?: (job: JobRow, bundle: BundleRow) => boolean,
): Promise<{ holders: Set<string>; job: JobRow; bundle: BundleRow }> {
  const holders = new Set<string>();
  const deadline = Date.now() + ms;
  for (;;) {
    const [job, bundle] = await Promise.all([jobOf(bundleId), bundleOf(bundleId)]);
    const holder = holderOf(job.lockedBy);
    if (holder) holders.add(holder.name);
    // Finished: the bundle READY (or FAILED) and the job's end recorded (a moment after the bundle's).
    const finished =
      (bundle.status === 'READY' || bundle.status === 'FAILED') && job.status !== 'RUNNING' && job.status !== 'QUEUED';
    if (until ? until(job, bundle) : finished) return { holders, job, bundle };
    if (Date.now() > deadline)
      throw new Error(
        `Bundle ${bundleId} still ${bundle.status} (${bundle.progress}%), job ${job.status} after ${ms} ms`,
      );
    await sleep(25);
  }
}

function pdfPages(bytes: Buffer): number {
  const file = path.join(work, `check-${Date.now()}.pdf`);
  fs.writeFileSync(file, bytes);
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  return Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1] ?? NaN);
}

async function textPdf(pages: number, seed: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let p = 1; p <= pages; p++) {
    doc.addPage();
    doc.fontSize(13).text(`Exhibit ${seed}, page ${p}`, 60, 60);
    doc.fontSize(10);
    for (let i = 0; i < 6; i++) doc.text(crypto.randomBytes(300).toString('base64'), 60, doc.y + 8, { width: 470 });
  }
  doc.end();
  return done;
}

// ------------------------------------------------------------------ the test

describeWithPostgres(TITLE, () => {
  beforeAll(async () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8'),
    ) as {
      node: Record<string, { workers: Record<string, unknown>; exportedName: string }>;
    };
    for (const [id, action] of Object.entries(manifest.node)) {
      const worker =
        Object.keys(action.workers).find((w) => w.includes('[reference]/page')) ?? Object.keys(action.workers)[0]!;
      const segments = worker
        .split('/')
        .slice(1, -1)
        .filter((s) => !/^\(.*\)$/.test(s))
        .map((s) => (s === '[reference]' ? reference : s));
      actions.set(action.exportedName, { id, page: `/${segments.join('/')}` });
    }
    await timed('start s3rver and a fresh PostgreSQL database', async () => {
      s3 = new S3rver({
        port: 0,
        address: '127.0.0.1',
        silent: true,
        directory: path.join(work, 's3'),
        configureBuckets: [{ name: BUCKET }],
      });
      const { port } = await s3.run();
      database = await createServerDatabase();
      sql = new Client({ connectionString: database.env.DATABASE_URL });
      await sql.connect();
      const portA = 3900 + Math.floor(Math.random() * 40) * 2;
      sharedEnv = {
        ...process.env,
        ...database.env,
        REMINDER_SCHEDULE: 'off',
        JOB_LEASE_SECONDS: String(LEASE_SECONDS),
        APP_URL: `http://localhost:${portA}`, // both servers answer for one public address, as behind a proxy
        STORAGE_DRIVER: 's3',
        S3_BUCKET: BUCKET,
        S3_ENDPOINT: `http://127.0.0.1:${port}`,
        S3_REGION: 'us-east-1',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: '1',
      };
      delete sharedEnv.NODE_OPTIONS;
      delete sharedEnv.SMTP_URL;
      return portA;
    }).then((portA) =>
      timed('start A (demo data, 2 web processes, job worker off)', async () => {
        a = await startApp('A', portA, { WEB_PROCESSES: '2', JOB_WORKER: 'off' }, true);
      }).then(() =>
        timed('start B (1 web process, job worker on)', async () => {
          b = await startApp('B', portA + 1, { WEB_PROCESSES: '1', JOB_WORKER: 'on' }, false);
        }),
      ),
    );
    await sleep(3000);
    sampleRss(true);
    // npm start leaves nothing resident but the server: scripts/start.ts has exited and its shell is the server.
    for (const app of [a!, b!]) {
      const group = groupOf(app);
      expect(group.filter((p) => ['launcher', 'tsx', 'start.sh'].includes(role(p, group)))).toEqual([]);
      expect(role(group.find((p) => p.pid === app.child.pid)!, group)).toBe('web supervisor');
    }
    // Web processes as many as the cores collect their garbage on their own thread (scripts/web-process-flags.ts):
    // A's two on a 2-core machine, B's one only on a 1-core one.
    for (const [app, count] of [
      [a!, 2],
      [b!, 1],
    ] as const) {
      const group = groupOf(app);
      const web = group.filter((p) => role(p, group) === 'web process');
      expect(web).toHaveLength(count);
      for (const p of web) expect(p.cmd.includes('--single-threaded-gc')).toBe(count >= os.availableParallelism());
      // with the heap growth npm start gives the server (decision 0041), the supervisor and each web process,
      for (const p of [...web, group.find((q) => q.pid === app.child.pid)!])
        expect(p.cmd.split(' ')).toContain(HEAP_GROWTH_FLAG);
      // and with two malloc arenas (glibc reads MALLOC_ARENA_MAX as the process starts).
      for (const p of web)
        expect(fs.readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    }
    sampler = setInterval(() => sampleRss(false), 200);
  }, 12 * 60_000);

  afterAll(async () => {
    clearInterval(sampler);
    killGroup(a, 'SIGTERM');
    killGroup(b, 'SIGTERM');
    await Promise.all([a, b].map((app) => (app ? waitGone(app, 15_000) : true)));
    killGroup(a, 'SIGKILL');
    killGroup(b, 'SIGKILL');
    await sql?.end().catch(() => undefined);
    await dropServerDatabase(database.name).catch(() => undefined);
    await s3?.close().catch(() => undefined);
    const width = Math.max(...steps.map((s) => s.step.length));
    const lines = steps.map((s) => `  ${s.step.padEnd(width)}  ${String(s.ms).padStart(7)} ms  ${s.note}`);
    const total = steps.reduce((n, s) => n + s.ms, 0);
    // Short-lived tools (pdftoppm for previews, tsx's esbuild service) left out unless they grew large.
    const mem = [...rss.entries()]
      .filter(([k, v]) => /tsx|launcher|web/.test(k) || v.peak >= 50)
      .map(
        ([k, v]) =>
          `  ${k.padEnd(32)} idle ${v.idle === undefined ? '   –' : v.idle.toFixed(0).padStart(4)} MB  peak ${v.peak.toFixed(0).padStart(4)} MB`,
      );
    process.stdout.write(
      `\nTwo app servers (logs in ${work}):\n${lines.join('\n')}\n  total ${total} ms\nRSS per process (sampled every 200 ms; idle 3 s after start):\n${mem.join('\n')}\n`,
    );
  }, 60_000);

  test('a session started on A continues on B', async () => {
    cookie = await timed('1. sign in on A, open the case and call an action on B', async () => {
      const session = await signIn(a!, DEMO.caseworker);
      // The case page's RSC payload, as a client navigation fetches it (Next first redirects to add `?_rsc`).
      const page = await fetch(`${b!.baseUrl}/cases/${reference}`, { headers: { cookie: session, rsc: '1' } });
      expect(`${page.status} ${new URL(page.url).pathname}`).toBe(`200 /cases/${reference}`);
      const payload = await page.text();
      expect(payload).toContain(reference);
      caseId = /"caseId":"([a-z0-9]+)"/.exec(payload)?.[1] ?? '';
      // Without the cookie B sends the browser to sign in: the page above was the session's.
      expect(new URL((await fetch(`${b!.baseUrl}/cases/${reference}`)).url).pathname).toBe('/login');
      return session;
    });
    expect(caseId).not.toBe('');
  });

  test('evidence uploaded on A downloads byte for byte from B', async () => {
    expect(cookie).not.toBe('');
    const body = Buffer.from(`Two servers ${crypto.randomBytes(96 * 1024).toString('hex')}\n`);
    const got = await timed('2. upload 192 KB on A, download from B', async () => {
      const id = await upload(a!, body, 'two-servers.txt', 'text/plain');
      await dateEvidence(b!, id, 'Uploaded on A', 0); // a server action on B, with A's session
      return download(b!, `/api/evidence/${id}/download`);
    });
    expect(sha256(got)).toBe(sha256(body));
    const keys = fs.readdirSync(path.join(work, 's3', BUCKET), { recursive: true });
    expect(keys.length).toBeGreaterThan(0); // the bytes are in the shared bucket, not on A's disk
  });

  let firstBundle = '';
  test(
    'a bundle queued on A (job worker off) is built by B',
    async () => {
      expect(caseId).not.toBe('');
      await timed(`   upload ${EXHIBITS} PDF exhibits of ${PAGES} pages on A`, async () => {
        for (let i = 0; i < EXHIBITS; i++) {
          const id = await upload(a!, await textPdf(PAGES, i), `exhibit-${i}.pdf`, 'application/pdf');
          await dateEvidence(a!, id, `Exhibit ${i}`, i + 1);
        }
      });
      const seen = await timed(
        '3. queue a bundle on A; B builds it',
        async () => {
          firstBundle = await startBundle(a!);
          return watchBuild(firstBundle, 5 * 60_000);
        },
        (r) => `${r.bundle.pageCount} pages, built by ${[...r.holders].join(', ') || '(not seen)'}`,
      );
      expect(seen.bundle.status).toBe('READY');
      expect([...seen.holders]).toEqual(['B']); // seen holding it, and only B
      expect(seen.job).toMatchObject({ status: 'DONE', attempts: 1 });
      const pdf = await download(a!, `/api/bundles/${firstBundle}/download`); // stored by B, read by A
      expect(sha256(pdf)).toBe(seen.bundle.sha256);
      expect(pdfPages(pdf)).toBe(seen.bundle.pageCount);
    },
    10 * 60_000,
  );

  test(
    'a web process that dies is started again; SIGTERM to the supervisor stops the whole server',
    async () => {
      expect(a).toBeDefined();
      await timed("   kill -9 one of A's web processes; A starts another", async () => {
        const group = groupOf(a!);
        const web = group.filter((p) => role(p, group) === 'web process');
        expect(web).toHaveLength(2);
        process.kill(web[0]!.pid, 'SIGKILL');
        const deadline = Date.now() + 120_000;
        for (;;) {
          const now = groupOf(a!);
          const again = now.filter((p) => role(p, now) === 'web process');
          if (
            again.length === 2 &&
            !again.some((p) => p.pid === web[0]!.pid) &&
            (log(a!).match(/Listening on port/g) ?? []).length >= 3
          )
            break;
          if (Date.now() > deadline)
            throw new Error(`A did not start another web process. Log:\n${log(a!).slice(-3000)}`);
          await sleep(200);
        }
        expect(log(a!)).toContain(`Web process ${web[0]!.pid} was killed (SIGKILL)`);
        expect(await healthy(a!)).toBe(true);
      });
      await timed("   SIGTERM to A's supervisor: every process of A stops", async () => {
        process.kill(a!.child.pid!, 'SIGTERM');
        expect(await waitGone(a!, 20_000)).toBe(true);
      });
    },
    5 * 60_000,
  );

  let secondBundle = '';
  const heldByVictim = new Set<string>();
  const victimPids = new Set<number>();
  test(
    'the server building a bundle is killed mid-build; the other finishes it after the lease',
    async () => {
      expect(firstBundle).not.toBe('');
      const port = Number(new URL(a!.baseUrl).port);
      a = await timed('   start A again, job worker on', () =>
        startApp('A', port, { WEB_PROCESSES: '2', JOB_WORKER: 'on' }, false),
      );
      const killed = await timed(
        '4. queue a bundle on A; kill -9 the server building it',
        async () => {
          secondBundle = await startBundle(a!);
          const building = await watchBuild(
            secondBundle,
            120_000,
            (job, bundle) => bundle.status === 'BUILDING' && bundle.progress >= 10 && holderOf(job.lockedBy) !== null,
          );
          const job = await jobOf(secondBundle);
          const victim = holderOf(job.lockedBy)!;
          for (const p of groupOf(victim)) victimPids.add(p.pid);
          killGroup(victim, 'SIGKILL');
          const killedAt = new Date();
          const after = await bundleOf(secondBundle);
          expect(after.status).not.toBe('READY'); // it was killed before it finished (else: more TWO_SERVERS_PAGES)
          expect(await waitGone(victim, 10_000)).toBe(true);
          // Other jobs the victim held as it died (the day's retention sweep, if it had taken it) are taken again
          // after the lease: those still RUNNING under a process that no longer exists.
          const running = await sql!.query<{ id: string; lockedBy: string }>(
            `SELECT "id", "lockedBy" FROM "Job" WHERE "status" = 'RUNNING' AND "kind" <> 'BUNDLE_BUILD'`,
          );
          for (const r of running.rows) if (!isRunning(Number(r.lockedBy.split(':').at(-2)))) heldByVictim.add(r.id);
          return {
            victim,
            survivor: victim === a ? b! : a!,
            leaseUntil: job.leaseUntil!,
            killedAt,
            progress: after.progress,
            holders: building.holders,
          };
        },
        (r) =>
          `${r.victim.name} killed at ${r.progress}%; its lease ran until ${r.leaseUntil.getTime() - r.killedAt.getTime()} ms later; ${heldByVictim.size ? 'it held' : 'not holding'} the day's sweep`,
      );
      const done = await timed(
        `   ${killed.survivor.name} takes the job after the lease and finishes it`,
        () => watchBuild(secondBundle, 5 * 60_000),
        (r) => `${r.bundle.pageCount} pages`,
      );
      expect(done.bundle.status).toBe('READY');
      expect([...done.holders]).toEqual([killed.survivor.name]);
      expect(done.job).toMatchObject({ status: 'DONE', attempts: 2 });
      // Taken again only once the dead server's lease had run out.
      expect(done.job.startedAt!.getTime()).toBeGreaterThanOrEqual(killed.leaseUntil.getTime());
      const pdf = await download(killed.survivor, `/api/bundles/${secondBundle}/download`);
      expect(sha256(pdf)).toBe(done.bundle.sha256);
      expect(pdfPages(pdf)).toBe(done.bundle.pageCount);
      expect(done.bundle.pageCount).toBeGreaterThan(EXHIBITS * PAGES);
    },
    10 * 60_000,
  );

  test('no job was done twice', async () => {
    expect(secondBundle).not.toBe('');
    const built = await sql!.query<{ entityId: string; n: number }>(
      `SELECT "entityId", count(*)::int AS n FROM "AuditLog" WHERE "action" = 'bundle.built' GROUP BY 1`,
    );
    expect(Object.fromEntries(built.rows.map((r) => [r.entityId, r.n]))).toEqual({
      [firstBundle]: 1,
      [secondBundle]: 1,
    });
    // A sweep may still be running (queued a minute after A's restart) or wait for its dead holder's lease to run out.
    type Row = { id: string; kind: string; subjectId: string; status: string; attempts: number };
    const query = () =>
      sql!.query<Row>(
        `SELECT "id", "kind"::text, "subjectId", "status"::text, "attempts" FROM "Job" ORDER BY "createdAt"`,
      );
    let jobs = await query();
    for (const until = Date.now() + 60_000; Date.now() < until; jobs = await query()) {
      if (!jobs.rows.some((j) => j.status === 'RUNNING' || j.status === 'QUEUED')) break;
      await sleep(500);
    }
    expect(
      jobs.rows
        .filter((j) => j.kind === 'BUNDLE_BUILD')
        .map((j) => ({ kind: j.kind, subjectId: j.subjectId, status: j.status, attempts: j.attempts })),
    ).toEqual([
      { kind: 'BUNDLE_BUILD', subjectId: firstBundle, status: 'DONE', attempts: 1 },
      { kind: 'BUNDLE_BUILD', subjectId: secondBundle, status: 'DONE', attempts: 2 },
    ]);
    // Both servers queue the day's retention sweep a minute after they start (RETENTION_SCHEDULE's default, left on
    // here to see it; the digest's schedule is off): if it was queued, it ran to the end once, on one of the servers
    // (each server says so when a sweep ends). It may have been taken a second time: the queue says when it takes a
    // job over and whose lease ran out, printed here. Twice in CI (3 Dec 2026) the sweep ended with 2 attempts and
    // one run to the end, without the test having seen the killed server hold it; those lines are there to say why.
    const logs = log(a!) + log(b!);
    for (const { id, ...job } of jobs.rows.filter((j) => j.kind !== 'BUNDLE_BUILD')) {
      expect(job).toEqual({
        kind: 'RETENTION_SWEEP',
        subjectId: job.subjectId,
        status: 'DONE',
        attempts: job.attempts,
      });
      expect(logs.split(`[retention] ${job.subjectId}:`).length - 1).toBe(1);
      const takeovers = logs.split('\n').filter((l) => l.includes(`[jobs] RETENTION_SWEEP ${job.subjectId}`));
      const fromVictim = takeovers.some((l) => victimPids.has(Number(/lease of [^:\s]+:(\d+):/.exec(l)?.[1])));
      steps.push({
        step: `   the day's sweep: ${job.attempts} attempt(s), ended once`,
        ms: 0,
        note: [
          heldByVictim.has(id) ? 'held by the killed server' : '',
          ...takeovers,
          fromVictim ? '(from the killed server)' : '',
        ]
          .filter(Boolean)
          .join('; '),
      });
      if (job.attempts > 1) expect(takeovers.length + (heldByVictim.has(id) ? 1 : 0)).toBeGreaterThan(0);
    }
    steps.push({ step: '5. one bundle.built row per bundle; Job.attempts 1 and 2', ms: 0, note: '' });
  });
});
