// The case page while 1,000-page bundles build (issue 11, point 3): is the web process still quick when a
// heavy job runs? Run by ./run.ts in the bundle phase, or alone:
//   npx tsx scripts/bench/build-while-serving.ts                      (embedded PGlite)
//   BENCH_DATABASE_URL=1 npx tsx scripts/bench/build-while-serving.ts (PostgreSQL on 127.0.0.1:5432)
// A throwaway database gets 200 cases of 10 events (./load-bulk.ts) and a case of 200 four-page PDF exhibits,
// with BUILDS (default 60) queued 1,000-page bundles whose job may start only BUILD_DELAY seconds after the server starts
// (the embedded database cannot be written from here while the server has it open). The server is what
// `npm start` serves with (scripts/serve.ts, one web process, its job worker on). The case page is measured
// idle first, then while the builds run (the bundles' status is read over HTTP), at 1 and 16 connections.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const root = path.resolve(__dirname, '../..');
const BUILDS = Number(process.env.BENCH_BUILDS ?? 60);
const BUILD_DELAY = Number(process.env.BENCH_BUILD_DELAY ?? 60);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 3211);
const base = `http://127.0.0.1:${PORT}`;
const pgAdmin =
  process.env.BENCH_DATABASE_URL === '1'
    ? 'postgres://postgres@127.0.0.1:5432/postgres'
    : process.env.BENCH_DATABASE_URL || undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => console.error(`[build-while-serving] ${s}`);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bws-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    PORT: String(PORT),
    APP_URL: base,
    NEXTAUTH_URL: base,
    REMINDER_SCHEDULE: 'off',
    WEB_PROCESSES: '1',
  };
  delete env.NODE_OPTIONS;
  let dbName: string | undefined;
  if (pgAdmin) {
    dbName = `bench_bws_${Date.now()}`;
    const admin = new Client({ connectionString: pgAdmin });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const u = new URL(pgAdmin);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
    env.AUTH_SECRET = crypto.randomBytes(48).toString('base64');
    env.EVIDENCE_MASTER_KEY = crypto.randomBytes(32).toString('base64');
  } else delete env.DATABASE_URL;
  Object.assign(process.env, env);

  // The data, from this process, before the server opens the database.
  const { applyMigrations } = await import('../../lib/db/migrate');
  const { db, closeDb } = await import('../../lib/db/client');
  const { loadBulk } = await import('./load-bulk');
  const { exhibitPdf, fileExhibit } = await import('./exhibits');
  const { preflight } = await import('../../lib/bundle/plan');
  const { enqueueJob } = await import('../../lib/jobs/queue');
  await applyMigrations();
  const bulk = await loadBulk({ cases: 200, eventsPerCase: 10 });
  const coordinator = await db.user.findFirstOrThrow({ where: { email: bulk.coordinator.email } });
  const person = await db.person.create({ data: { fullName: 'Bench member with a long bundle' } });
  const kase = await db.case.create({
    data: {
      reference: 'RS-2026-9999',
      personId: person.id,
      createdById: coordinator.id,
      consentGivenAt: new Date(),
      summary: 'Statement. '.repeat(50),
    },
  });
  for (let i = 1; i <= 200; i++) await fileExhibit(kase.id, coordinator.id, i, await exhibitPdf(i));
  const plan = await preflight(coordinator, kase.id, 'APPEAL');
  const bundleIds: string[] = [];
  for (let v = 1; v <= BUILDS; v++) {
    const b = await db.bundle.create({
      data: {
        kind: 'CASE_BUNDLE',
        caseId: kase.id,
        version: v,
        purpose: 'APPEAL',
        plan: plan as object,
        createdById: coordinator.id,
      },
      select: { id: true },
    });
    await enqueueJob('BUNDLE_BUILD', b.id);
    bundleIds.push(b.id);
  }
  const startAt = new Date(Date.now() + BUILD_DELAY * 1000);
  await db.job.updateMany({ where: { subjectId: { in: bundleIds } }, data: { runAfter: startAt } });
  await closeDb();
  say(`data ready: 200 cases, ${BUILDS} bundles of 200 exhibits queued to start at ${startAt.toISOString()}`);

  const log = path.join(dataDir, 'server.log');
  // As `npm start` runs them: the server and the PDF worker compiled, with plain node.
  const { compileScript } = await import('../compile-script');
  env.REINSTATE_PDF_WORKER = await compileScript('scripts/pdf-worker.ts', 'reinstate-pdf-worker.cjs');
  const server = spawn(process.execPath, [await compileScript('scripts/serve.ts', 'reinstate-serve.cjs')], {
    cwd: root,
    env,
    stdio: ['ignore', fs.openSync(log, 'a'), fs.openSync(log, 'a')],
    detached: true,
  });
  try {
    await waitHealthy(server, log);
    const { signIn, measureUrl } = await import('./http');
    const cookie = await signIn(base, bulk.coordinator.email, bulk.coordinator.password);
    const url = `${base}/cases/${bulk.sampleReference}`;
    const status = async (id: string) => {
      const body = (await (await fetch(`${base}/api/bundles/${id}`, { headers: { cookie } })).json()) as {
        ok: boolean;
        data?: { status: string; pageCount: number | null };
        error?: string;
      };
      if (!body.data) throw new Error(`GET /api/bundles/${id}: ${body.error ?? 'no data'}`);
      return body.data;
    };
    const rows: string[] = [];
    const idle: Record<number, { p95: number; rps: number }> = {};
    for (const c of [1, 16]) {
      const m = await measureUrl(url, { connections: c, duration: DURATION, warmup: WARMUP, cookie });
      idle[c] = m;
      rows.push(
        `| idle | ${c} | ${m.requests} | ${m.rps.toFixed(1)} | ${m.median.toFixed(0)} | ${m.p95.toFixed(0)} | ${m.non2xx + m.errors} |`,
      );
    }
    if (Date.now() > startAt.getTime())
      throw new Error(`Idle measurement ran past the builds' start: raise BENCH_BUILD_DELAY (now ${BUILD_DELAY} s).`);
    // A 1,000-page build takes well under a second on an idle machine: BUILDS of them queued keep the worker
    // busy through both rows (each row says if the builds ended before it did).
    while ((await status(bundleIds[0]!)).status === 'QUEUED') await sleep(100);
    const during: Record<number, { p95: number }> = {};
    for (const c of [1, 16]) {
      const m = await measureUrl(url, { connections: c, duration: DURATION, warmup: WARMUP, cookie });
      const building = (await status(bundleIds[bundleIds.length - 1]!)).status !== 'READY';
      during[c] = m;
      rows.push(
        `| while 1,000-page bundles build${building ? '' : ' (the builds ended during this row)'} | ${c} | ${m.requests} | ${m.rps.toFixed(1)} | ${m.median.toFixed(0)} | ${m.p95.toFixed(0)} | ${m.non2xx + m.errors} |`,
      );
    }
    let last;
    const t0 = Date.now();
    while (Date.now() - t0 < 600_000) {
      last = await Promise.all(bundleIds.map(status));
      if (last.every((s) => s.status === 'READY' || s.status === 'FAILED')) break;
      await sleep(500);
    }
    const counts = new Map<string, number>();
    for (const s of last ?? [])
      counts.set(
        `${s.status}${s.pageCount ? ` (${s.pageCount} pages)` : ''}`,
        (counts.get(`${s.status}${s.pageCount ? ` (${s.pageCount} pages)` : ''}`) ?? 0) + 1,
      );
    const pages = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
    const ratio = (c: number) => (during[c]!.p95 / idle[c]!.p95).toFixed(2);
    console.log(
      [
        `Case page (${bulk.sampleReference}) while ${BUILDS} bundles of ~1,000 pages build one after another (${pgAdmin ? 'PostgreSQL' : 'PGlite'}, scripts/serve.ts, one web process; load average ${os
          .loadavg()
          .map((n) => n.toFixed(2))
          .join(' / ')}):`,
        '',
        '| case page | conns | requests | req/s | median ms | p95 ms | non-2xx + errors |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
        `p95 while building ÷ p95 idle: ${ratio(1)}× at 1 connection, ${ratio(16)}× at 16 (target ≤ 2×: ${Number(ratio(1)) <= 2 && Number(ratio(16)) <= 2 ? 'met' : 'NOT met'}). Builds: ${pages}.`,
      ].join('\n'),
    );
  } finally {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
    await sleep(1000);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName && pgAdmin) {
      const admin = new Client({ connectionString: pgAdmin });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    }
  }
}

async function waitHealthy(server: ChildProcess, log: string): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < 120_000) {
    if (server.exitCode !== null) break;
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(300);
  }
  throw new Error(`The server did not start:\n${fs.readFileSync(log, 'utf8').slice(-3000)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
