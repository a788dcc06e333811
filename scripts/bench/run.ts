// Load benchmark: `npm run bench`.
//
// 1. a throwaway database (PGlite in a temporary DATA_DIR, or with BENCH_DATABASE_URL a fresh
//    PostgreSQL database reinstate_bench_<timestamp>), migrated and filled by ./load-bulk.ts
//    with 10,000 cases and 100,000 timeline events;
// 2. `next build` only when .next/BUILD_ID is missing or older than the sources (BENCH_BUILD=1 forces it);
// 3. the server `npm start` runs (scripts/serve.ts, compiled, with its compiled PDF worker) on port 3210 against
//    that database (on PostgreSQL with WEB_PROCESSES web processes, BENCH_WEB_PROCESSES, default one per core;
//    the embedded database's one process serves itself), sign-in as the bench coordinator through
//    next-auth's credentials endpoint;
// 4. autocannon at 1 and 16 connections (warm-up, then ~10 s each) on the case list, a case page
//    and a static baseline; median and p95 computed exactly from every response's latency;
// 5. a table on stdout and the same figures in docs/benchmarks.md (one generated section per engine);
// 6. the upload phase (./upload.ts, issue 3): a 25 MB file, 100 files of 200 KB and a 100 MB file
//    uploaded as evidence (encrypted) against a plain copy of the same bytes in the same run, with
//    the server's peak RSS; its own generated section in docs/benchmarks.md.
//
// Environment: BENCH_DATABASE_URL (postgres://user@host:port/db of an existing database to connect
// to for CREATE DATABASE; "1" means postgres://postgres@127.0.0.1:5432/postgres), BENCH_BUILD=1,
// BENCH_DURATION (seconds, default 10), BENCH_WARMUP (seconds, default 3), BENCH_SERVER_WARMUP (seconds of every
// route in turn before the first row, default 60), BENCH_PORT (default 3210),
// BENCH_CONNECTIONS (default "1,16"), BENCH_ROUNDS (default 3: rounds at the top connection count, ./shares.ts),
// BENCH_CASES (default 10000), BENCH_KEEP=1 keeps the database,
// BENCH_ONLY=pages|upload|letters|bundle|import|export|mail runs one phase (upload alone loads only BENCH_CASES, default 20, cases),
// BENCH_EVIDENCE_MAX_MB (the server's EVIDENCE_MAX_MB, default 200); upload sizes: see ./upload.ts;
// BENCH_SERVER_NODE_ARGS (Node.js flags for the server process only, to profile it under the bench's load, e.g.
// "--cpu-prof --cpu-prof-dir=/tmp/prof"; on PostgreSQL they reach the supervising process, and of them only the heap
// cap and the --cpu-prof flags reach its web processes: each writes its own profile),
// BENCH_ROUTES (comma-separated beginnings of the pages' paths, e.g. "/search": only those routes and the static
// baseline are measured, to profile one page; such a partial run prints its table but does not write the docs).
// 7. the deadlines and letters phase (./deadlines-letters.ts, issue 4) in its own process on a throwaway
//    embedded database: recomputing a 500-event case's deadlines, and letters rendered per second.
// 8. the bundle phase (./bundle.ts, issue 5): bundles of 50, 300 and 1,000 pages against qpdf.
// 9. the import phase (./import.ts, issue 12): a 1,000-row spreadsheet read, checked and imported, on a throwaway
//    embedded database and, with BENCH_DATABASE_URL, on a fresh PostgreSQL database (target: under 10 s).
// 10. the member export phase (./member-export.ts, issue 13): "Download my data" with three 24 MB files, memory
//    above the start while the zip is built (the files stream through: well under one file's size).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { buildIsStale, runBuild } from '../build-if-stale';
import { compileScript } from '../compile-script';
import { HEAP_GROWTH_FLAG } from '../web-process-flags';
import { runUploadBench, treeCpuMs, uploadSection, uploadTable, verdict } from './upload';
import { cannon as cannonUrl, median, percentile, signIn } from './http';
import { roundShares } from './shares';

const root = path.resolve(__dirname, '../..');
const started = new Date();
const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
const loadAtStart = loadAverage();

const only = process.env.BENCH_ONLY || undefined;
const PHASES = ['pages', 'upload', 'letters', 'bundle', 'import', 'export', 'mail'] as const;
if (only !== undefined && !(PHASES as readonly string[]).includes(only))
  throw new Error(`BENCH_ONLY must be one of ${PHASES.join(', ')}, not "${only}"`);

const settings = {
  only: only as (typeof PHASES)[number] | undefined,
  port: Number(process.env.BENCH_PORT ?? 3210),
  duration: Number(process.env.BENCH_DURATION ?? 10),
  warmup: Number(process.env.BENCH_WARMUP ?? 3),
  // Every route in turn before the first row (see warmServer): the server as it runs in service.
  serverWarmup: Number(process.env.BENCH_SERVER_WARMUP ?? 60),
  connections: (process.env.BENCH_CONNECTIONS ?? '1,16')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0),
  // At the top connection count every route is measured this many times, in rounds, each time right after a
  // measurement of the static route of its own; the shares are the medians over the rounds (./shares.ts).
  rounds: Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 3)) || 1),
  // The upload phase needs one case and the coordinator, not the 10,000-case load.
  cases: Number(process.env.BENCH_CASES ?? (only === 'upload' ? 20 : 10_000)),
  evidenceMaxMb: Number(process.env.BENCH_EVIDENCE_MAX_MB ?? 200),
  forceBuild: process.env.BENCH_BUILD === '1',
  keep: process.env.BENCH_KEEP === '1',
  webProcesses: process.env.BENCH_WEB_PROCESSES || undefined,
  pgAdminUrl:
    process.env.BENCH_DATABASE_URL === '1'
      ? 'postgres://postgres@127.0.0.1:5432/postgres'
      : process.env.BENCH_DATABASE_URL || undefined,
};
const base = `http://127.0.0.1:${settings.port}`;

const say = (msg: string) => console.log(`[bench] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- database
type Target = {
  engine: 'pglite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  dbName?: string;
  authSecret?: string;
};

async function createTarget(): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-'));
  if (!settings.pgAdminUrl) return { engine: 'pglite', dataDir };
  const dbName = `reinstate_bench_${started.toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const admin = new Client({ connectionString: settings.pgAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(settings.pgAdminUrl);
  url.pathname = `/${dbName}`;
  return {
    engine: 'postgres',
    dataDir,
    databaseUrl: url.toString(),
    dbName,
    authSecret: crypto.randomBytes(48).toString('base64url'),
  };
}

async function dropTarget(t: Target): Promise<void> {
  if (settings.keep) {
    say(`kept the database: ${t.engine === 'pglite' ? `DATA_DIR=${t.dataDir}` : `DATABASE_URL=${t.databaseUrl}`}`);
    return;
  }
  if (t.engine === 'postgres' && t.dbName && settings.pgAdminUrl) {
    const admin = new Client({ connectionString: settings.pgAdminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${t.dbName}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  removeDataDir(t.dataDir);
}

/** A throwaway DATA_DIR and the key folder the app makes beside it (DATA_DIR-keys: the evidence master key). */
function removeDataDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}-keys`, { recursive: true, force: true });
}

/** Migrates and loads in this process, then closes the database: PGlite allows one process per directory. */
async function prepareDatabase(t: Target) {
  // lib/env.ts reads the environment once, on first use, which happens below.
  process.env.DATA_DIR = t.dataDir;
  if (t.databaseUrl) {
    process.env.DATABASE_URL = t.databaseUrl;
    process.env.AUTH_SECRET = t.authSecret;
  } else {
    delete process.env.DATABASE_URL;
  }
  const { applyMigrations } = await import('../../lib/db/migrate');
  const { db, closeDb } = await import('../../lib/db/client');
  const { loadBulk } = await import('./load-bulk');
  let t0 = Date.now();
  await applyMigrations();
  const migrateSeconds = (Date.now() - t0) / 1000;
  say(`migrated in ${migrateSeconds.toFixed(1)} s; loading bulk data…`);
  t0 = Date.now();
  const bulk = await loadBulk({ cases: settings.cases, log: (m) => say(m) });
  const version =
    (await db.$queryRawUnsafe<{ version: string }[]>('SELECT version()'))[0]?.version ?? 'unknown version';
  const size =
    (
      await db.$queryRawUnsafe<{ size: string }[]>(
        'SELECT pg_size_pretty(pg_database_size(current_database())) AS size',
      )
    )[0]?.size ?? '?';
  await closeDb();
  say(
    `loaded ${bulk.cases} cases, ${bulk.events} events, ${bulk.users} users in ${bulk.seconds.toFixed(1)} s (database ${size})`,
  );
  return { bulk, migrateSeconds, dbVersion: version.split(' on ')[0]!, dbSize: size };
}

// ---------------------------------------------------------------- build and server
/** The build the server runs: made again when missing, older than its sources, or with BENCH_BUILD=1. */
async function buildIfNeeded(env: NodeJS.ProcessEnv): Promise<string> {
  if (!settings.forceBuild && !buildIsStale(root)) return 'existing build (newer than the sources)';
  say(
    settings.forceBuild
      ? 'BENCH_BUILD=1: running next build…'
      : 'the build is missing or older than the sources: running next build…',
  );
  const t0 = Date.now();
  await runBuild(root, env);
  return `fresh build (${((Date.now() - t0) / 1000).toFixed(0)} s)`;
}

function serverEnv(t: Target): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: t.dataDir,
    APP_URL: base,
    NEXTAUTH_URL: base,
    PORT: String(settings.port),
    EVIDENCE_MAX_MB: String(settings.evidenceMaxMb),
    // The static baseline route answers 404 unless this is set (production servers never serve it).
    BENCH_STATIC: '1',
    // The day's retention sweep and reminder digest would otherwise run in the server while it is measured (at
    // its start and 30 s later): on the 10,000-case data they told 42 members and deleted 123 closed cases over
    // 25 s of one web process, in the middle of the static baseline's rows. Cron runs them in production when
    // these are off; the bench measures pages.
    RETENTION_SCHEDULE: 'off',
    REMINDER_SCHEDULE: 'off',
  };
  delete env.NODE_OPTIONS;
  if (t.databaseUrl) {
    env.DATABASE_URL = t.databaseUrl;
    env.AUTH_SECRET = t.authSecret;
    if (settings.webProcesses) env.WEB_PROCESSES = settings.webProcesses;
    else delete env.WEB_PROCESSES;
  } else {
    delete env.DATABASE_URL;
    delete env.WEB_PROCESSES;
  }
  return env;
}

/** How the server ran, for the report: scripts/serve.ts says how many web processes it started. */
function serverLabel(logFile: string): string {
  const m = /Serving with (\d+) web process/.exec(fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  return m
    ? `\`scripts/serve.ts\` (what \`npm start\` serves with) with ${m[1]} web process${m[1] === '1' ? '' : 'es'} (WEB_PROCESSES), NODE_ENV=production, heap capped as \`npm start\` caps it (WEB_HEAP_MB)`
    : "`scripts/serve.ts` (what `npm start` serves with; the embedded database's one process serves itself), NODE_ENV=production, heap capped as `npm start` caps it (WEB_HEAP_MB)";
}

async function startServer(env: NodeJS.ProcessEnv, logFile: string): Promise<ChildProcess> {
  if (
    await fetch(`${base}/`).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`Something is already listening on port ${settings.port}. Stop it or set BENCH_PORT.`);
  }
  const out = fs.openSync(logFile, 'a');
  // Its own process group, so the whole server (and any worker it forks) can be stopped by id.
  // What `npm start` serves with: scripts/serve.ts, on PostgreSQL with its WEB_PROCESSES web processes
  // (BENCH_WEB_PROCESSES; default one per core). The embedded database allows one process: it serves itself.
  // The upload phase's memory figures read the process holding the socket, the supervisor under cluster:
  // run it on PostgreSQL with BENCH_WEB_PROCESSES=1.
  // With the heap cap and heap growth scripts/start.sh gives every web process (WEB_HEAP_MB, default 512 MB;
  // HEAP_GROWTH_FLAG), as `npm start` runs.
  const heap = env.WEB_HEAP_MB || '512';
  if (!/^\d+$/.test(heap))
    throw new Error(`WEB_HEAP_MB must be a whole number of megabytes (for example 512), not "${heap}".`);
  // What scripts/start.sh runs: the compiled server, which finds the compiled PDF worker beside it.
  const entry = await compileScript('scripts/serve.ts', 'reinstate-serve.cjs');
  await compileScript('scripts/pdf-worker.ts', 'reinstate-pdf-worker.cjs');
  const args = [
    `--max-old-space-size=${heap}`,
    HEAP_GROWTH_FLAG,
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    entry,
  ];
  const server = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', out, out], detached: true });
  const t0 = Date.now();
  while (Date.now() - t0 < 90_000) {
    if (server.exitCode !== null) break;
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      say(`server ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${server.pid}, log ${logFile})`);
      return server;
    }
    await sleep(300);
  }
  await stopServer(server);
  throw new Error(`The server did not become healthy. Last lines of ${logFile}:\n${tail(logFile)}`);
}

async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server?.pid || server.exitCode !== null) return;
  const exited = new Promise<void>((r) => server.once('exit', () => r()));
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
  if (timedOut) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

const tail = (file: string, n = 30) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n') : '(no log)';

// ---------------------------------------------------------------- measurement
type Route = { label: string; path: string; cookie?: string; expect?: string; note?: string };
type Row = {
  route: string;
  path: string;
  connections: number;
  /** 1, 2, … at the top connection count (BENCH_ROUNDS); 0 for a row measured once. */
  round: number;
  /** For the static route in a round: the path of the route measured right after it, against it. */
  before?: string;
  requests: number;
  rps: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  /** The app server's CPU time (every process of it) over the measured period, per answered request. */
  cpuMsPerRequest: number;
};

/** One request outside the load: the route must answer 200 (not a redirect to /login) with the expected text. */
async function preflight(r: Route): Promise<string | null> {
  const res = await fetch(`${base}${r.path}`, { redirect: 'manual', headers: r.cookie ? { cookie: r.cookie } : {} });
  const body = await res.text();
  if (res.status !== 200)
    return `answered ${res.status}${res.headers.get('location') ? ` → ${res.headers.get('location')}` : ''}`;
  if (r.expect && !body.includes(r.expect)) return `200 but the page does not contain "${r.expect}"`;
  return null;
}

/**
 * CPU time (user + system, ms) used so far by the server's process and every process under it (web processes,
 * workers), from /proc. Unlike requests per second against the static route, it does not move with what else the
 * two cores are doing (the load generator among them): a steadier measure of what a request costs the server.
 * The database server's own time (PostgreSQL) is not in it; on PGlite the database runs inside the server.
 */
const serverCpuMs = (pid: number) => treeCpuMs(pid);

const cannon = (r: Route, connections: number, duration: number, latencies?: number[]) =>
  cannonUrl(`${base}${r.path}`, { connections, duration, cookie: r.cookie }, latencies);

/**
 * Drives every route in turn at the top connection count for BENCH_SERVER_WARMUP seconds (default 60) before the
 * first row is measured. A server in service has run its code for hours; in its first minute under load it is still
 * compiling its hot functions and growing its heap to working size, and a route measured then is measured cold:
 * on 5 Dec 2026 (PostgreSQL, 2 web processes, 6 s rounds one after another after a 3 s warm-up) the case list
 * served 131, 161 and 184 requests a second in its first three rounds, then 172-205 in the next seven.
 */
async function warmServer(routes: Route[]): Promise<void> {
  if (settings.serverWarmup <= 0) return;
  const top = Math.max(...settings.connections);
  const each = Math.max(1, Math.round(settings.serverWarmup / routes.length / 2));
  say(
    `warming the server up: every route in turn, ${each} s each at ${top} connections, ${settings.serverWarmup} s in all…`,
  );
  const until = Date.now() + settings.serverWarmup * 1000;
  while (Date.now() < until)
    for (const r of routes) {
      if (Date.now() >= until) break;
      await cannon(r, top, each);
    }
}

async function measure(r: Route, connections: number, round: number, serverPid: number, before?: string): Promise<Row> {
  if (settings.warmup > 0) await cannon(r, connections, settings.warmup);
  const latencies: number[] = [];
  const cpuBefore = serverCpuMs(serverPid);
  const result = await cannon(r, connections, settings.duration, latencies);
  const cpu = serverCpuMs(serverPid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    route: r.label,
    path: r.path,
    connections,
    round,
    before,
    requests: latencies.length,
    rps: latencies.length / result.duration,
    median: median(latencies),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest: cpu / Math.max(1, latencies.length + result.non2xx),
  };
}

// ---------------------------------------------------------------- report
/**
 * Each route's throughput as a share of the static route's, and its p95 as a multiple of the static route's, at the
 * highest connection count: the median over the rounds of each route's figures against the static route measured just
 * before it (./shares.ts), each round's figures beside them. Targets (issue 11, point 6; issue 12): pages at least 10% and their p95
 * at most 8x; search and statistics at least 10%. The two dynamic baselines are no target: they show how much of a
 * page's cost is Next's dynamic render and the signed-in layout before the page reads anything.
 */
function shares(rows: Row[]): string {
  const baseline = rows.some((r) => r.path === '/bench-static') ? '/bench-static' : '/api/health';
  const { connections, shares: figures } = roundShares(rows, baseline);
  const rounds = Math.max(...rows.filter((r) => r.connections === connections).map((r) => r.round));
  const lines = figures
    .filter((f) => f.rounds.length > 0)
    .map((f) => {
      const isBaseline = f.path.startsWith('/bench-static/');
      const p95Target = f.path.startsWith('/cases');
      const verdict = isBaseline
        ? ' (a baseline, no target)'
        : ` (targets: at least 10%${p95Target ? ', at most 8×' : ''}; ${f.share >= 10 && (!p95Target || f.times <= 8) ? 'met' : 'not met'})`;
      const each = f.rounds.map((x) => `${x.share.toFixed(1)}%, ${x.times.toFixed(1)}×`).join('; ');
      return `| ${f.route} | ${f.share.toFixed(1)}% | ${f.times.toFixed(1)}× | ${f.cpuShare.toFixed(1)}% | ${each} |${verdict} |`;
    });
  if (!lines.length) return '';
  const how =
    rounds > 1
      ? `each route against the static route measured just before it, the median of ${rounds} rounds (each round's share and p95 multiple in the fifth column)`
      : 'each route against the static route measured just before it';
  return `\n\nAt ${connections} connections, ${how}. The targets are on req/s and p95; the server's CPU time per request, static's over the route's, is the steadier figure of the same share:\n\n| Route | Share of its req/s | p95 as a multiple of its p95 | Share by server CPU per request | Each round | |\n| --- | --- | --- | --- | --- | --- |\n${lines.join('\n')}`;
}

const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '–');

function table(rows: Row[]): string {
  const head = [
    'Route',
    'Conns',
    'Round',
    'Requests',
    'Req/s',
    'Median ms',
    'p95 ms',
    'p99 ms',
    'Server CPU ms/req',
    'Non-2xx',
    'Errors',
  ];
  const body = rows.map((r) => [
    `${r.route} (${r.path})`,
    String(r.connections),
    r.round ? `${r.round}${r.before ? `, before ${r.before}` : ''}` : '–',
    String(r.requests),
    r.rps.toFixed(1),
    ms(r.median),
    ms(r.p95),
    ms(r.p99),
    r.cpuMsPerRequest.toFixed(2),
    String(r.non2xx),
    String(r.errors),
  ]);
  return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function writeDocs(engine: string, section: string): string {
  const file = path.join(root, 'docs/benchmarks.md');
  const start = `<!-- bench:${engine}:start -->`;
  const end = `<!-- bench:${engine}:end -->`;
  const block = `${start}\n${section.trim()}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : DOC_HEADER;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const DOC_HEADER = `# Benchmarks

Generated by \`npm run bench\` (scripts/bench/run.ts); each engine's section below is overwritten
by the next run on that engine. Everything outside the generated sections is kept.

What it does: a throwaway database (embedded PGlite in a temporary \`DATA_DIR\`, or with
\`BENCH_DATABASE_URL\` a fresh PostgreSQL database) is migrated and filled with 10,000 fictional
cases, 100,000 timeline events (≈10 per case, 20% caseworker-only, mixed date precision), ~13,000
sanctions, 80 branches in 10 regions and ~3,000 member accounts (scripts/bench/load-bulk.ts), then
\`ANALYZE\`d. The production build is served as \`npm start\` serves it, by \`scripts/serve.ts\` compiled (on PostgreSQL with
\`BENCH_WEB_PROCESSES\` web processes, default one per core; the embedded database's one process serves itself; \`next
start\` on the embedded database until 6 Dec 2026); the harness signs in as a coordinator
through next-auth's credentials endpoint and drives each route with autocannon, first for a warm-up,
then for the measured period: each route once at the lower connection counts, then at the top one in rounds
(\`BENCH_ROUNDS\`, default 3), each route measured right after a measurement of the static route of its own. A route's
share of the static route is the median over the rounds of its figure against the static route measured just before
it: on 7 Dec 2026 the same page took between 5.8 and 9.2 ms of server CPU a request in runs an hour apart, the static
route between 0.78 and 0.88 ms, and in one run a round of every route in turn found each page at 40–72% of the share it
had in the round before, all within two minutes of the static route's one measurement. Median and p95 are exact,
computed from every 2xx response's latency.
"Server CPU ms/req" is the CPU time (user + system, from /proc) of every process of the app server over the
measured period, divided by the requests answered: unlike req/s it does not move with what else the two cores
run (the load generator shares them), so the share it gives against the static route is the steadier figure
(PostgreSQL's own time is not in it; on PGlite the database runs inside the server).

Routes:
- \`/bench-static\` — a static page, the baseline cost of the server and proxy (served only when the server runs with \`BENCH_STATIC=1\`, which the bench sets);
- \`/bench-static/dynamic\` — the same content rendered on every request, asked without a cookie (Next's dynamic render and the proxy's CSP nonce) and as the signed-in coordinator (the session check and the signed-in layout as well): what any page costs before it reads its own data; no target;
- \`/cases\` — the coordinator's case list: first page of 25 out of 10,000, with counts and filters;
- \`/cases/<reference>\` — one case page with 10 timeline events (each view also writes an audit row).
- \`/statistics\` — the coordinator's statistics over the whole network: every table counted, suppressed and charted (each view writes an audit row).
- \`/search?q=motion\` — search across the network as the coordinator: every case, timeline entry, evidence item and letter that mentions a motion, 20 cases a page with highlighted passages (each search also writes its audit rows).
- \`/search?q=Kowalski\` — a member's surname, as a coordinator looks someone up (a member's name is a word of each of their cases).

Run it:

    npm run bench                                  # PGlite
    BENCH_DATABASE_URL=1 npm run bench             # PostgreSQL on 127.0.0.1:5432, user postgres
    BENCH_DURATION=30 BENCH_CONNECTIONS=1,4,16 npm run bench
    BENCH_ROUNDS=5 BENCH_DATABASE_URL=1 npm run bench   # five rounds at the top connection count (default 3)
    BENCH_ONLY=upload npm run bench                # only the evidence upload phase (small database)
    BENCH_ONLY=letters npm run bench               # only deadline recomputation and letter output
    BENCH_ONLY=bundle npm run bench                # only bundles of 50 / 300 / 1,000 pages against qpdf
    BENCH_ONLY=import npm run bench                # only the 1,000-row spreadsheet import (both engines with BENCH_DATABASE_URL)
    BENCH_ONLY=mail npm run bench                  # only the digest's messages over one SMTP session
    BENCH_ONLY=pages BENCH_ROUTES=/search BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench
                                                   # profile some pages (beside the static route; not written here)
`;

function machine(): string {
  const cpus = os.cpus();
  const nextVersion = (
    JSON.parse(fs.readFileSync(path.join(root, 'node_modules/next/package.json'), 'utf8')) as { version: string }
  ).version;
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, Next ${nextVersion}`;
}

// ---------------------------------------------------------------- pages
async function benchPages(
  target: Target,
  prep: Awaited<ReturnType<typeof prepareDatabase>>,
  build: string,
  engineLabel: string,
  cookie: string,
  served: string,
  serverPid: number,
): Promise<void> {
  const routes: Route[] = [
    { label: 'Static baseline', path: '/bench-static' },
    // The same content rendered on every request (app/bench-static/dynamic): without a cookie, Next's dynamic
    // render alone; with the coordinator's, the session check and the signed-in layout too. The floor of a page.
    { label: 'Dynamic baseline, no session', path: '/bench-static/dynamic', expect: 'Static baseline' },
    { label: 'Dynamic baseline, signed in', path: '/bench-static/dynamic?signed-in', cookie, expect: 'Signed in as' },
    { label: 'Case list (coordinator)', path: '/cases', cookie, expect: 'RS-' },
    {
      label: 'Case page (10 events)',
      path: `/cases/${prep.bulk.sampleReference}`,
      cookie,
      expect: prep.bulk.sampleReference,
    },
    // Issue 12, point 2: the coordinator's statistics over the whole network (every table suppressed, SVG charts,
    // an audit row per view); the case facts are kept a minute per scope, so this is mostly the tables' cost.
    { label: 'Statistics (coordinator)', path: '/statistics', cookie, expect: 'Cases by sanction type' },
    // Issue 12, point 1: full-text search over the whole network (one in eight timeline entries and every
    // "motion" sanction match), 20 cases a page with highlighted passages, and its audit rows.
    { label: 'Search “motion” (coordinator)', path: '/search?q=motion', cookie, expect: '<mark' },
    // A surname, as a coordinator looks a member up (a member's name is a word of each of their cases, shown
    // as "Member's name" with the word marked).
    { label: 'Search a name “Kowalski” (coordinator)', path: '/search?q=Kowalski', cookie, expect: '<mark' },
  ];
  const only = (process.env.BENCH_ROUTES ?? '').split(',').filter(Boolean);
  const chosen = only.length
    ? routes.filter((r) => r.path === '/bench-static' || only.some((o) => r.path.startsWith(o)))
    : routes;
  const skipped: string[] = [];
  const usable: Route[] = [];
  for (const r of chosen) {
    const problem = await preflight(r);
    if (!problem) {
      usable.push(r);
      continue;
    }
    if (r.path === '/bench-static') {
      const fallback: Route = { label: 'Baseline (fallback: /bench-static missing)', path: '/api/health' };
      if (!(await preflight(fallback))) {
        say(`${r.path} ${problem}; using /api/health as the baseline`);
        usable.push(fallback);
        continue;
      }
    }
    say(`skipping ${r.path}: ${problem}`);
    skipped.push(`${r.label} (${r.path}): ${problem}`);
  }

  await warmServer(usable);
  const rows: Row[] = [];
  const top = Math.max(...settings.connections);
  const run = async (r: Route, c: number, round: number, before?: Route) => {
    say(
      `${r.path} at ${c} connection(s)${round ? `, round ${round} of ${settings.rounds}` : ''}${before ? `, before ${before.path}` : ''}: ${settings.warmup} s warm-up, ${settings.duration} s measured…`,
    );
    const row = await measure(r, c, round, serverPid, before?.path);
    rows.push(row);
    say(
      `  ${row.requests} requests, median ${ms(row.median)} ms, p95 ${ms(row.p95)} ms, server CPU ${row.cpuMsPerRequest.toFixed(2)} ms a request${row.non2xx || row.errors ? `, ${row.non2xx} non-2xx, ${row.errors} errors` : ''}`,
    );
  };
  // Lower connection counts once each; the top one in rounds, every route in turn, each right after a measurement
  // of the static route of its own (the baseline, usable[0]).
  for (const c of settings.connections.filter((n) => n !== top)) for (const r of usable) await run(r, c, 0);
  const [baseline, ...others] = usable;
  for (let round = 1; round <= settings.rounds; round++)
    for (const r of others) {
      await run(baseline!, top, round, r);
      await run(r, top, round);
    }
  // Read now: the upload phase that follows would otherwise show in this section's load average.
  const loadAfter = loadAverage();

  const out = table(rows) + shares(rows);
  console.log(`\n${out}\n`);
  if (skipped.length) console.log(`Skipped:\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);

  const section = `## ${target.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'} — generated ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${machine()}
- Database: ${engineLabel}, ${prep.bulk.cases.toLocaleString('en-GB')} cases, ${prep.bulk.events.toLocaleString('en-GB')} timeline events, ${prep.bulk.sanctions.toLocaleString('en-GB')} sanctions, ${prep.bulk.users.toLocaleString('en-GB')} users; size after load ${prep.dbSize}
- Load: migrations ${prep.migrateSeconds.toFixed(1)} s, bulk insert + ANALYZE ${prep.bulk.seconds.toFixed(1)} s
- Server: ${served}, ${build}
- Load generator: autocannon in the same machine; first every route in turn for ${settings.serverWarmup} s (the server warmed up as in service), then per row ${settings.warmup} s warm-up and ${settings.duration} s measured: each route once at ${settings.connections.filter((n) => n !== Math.max(...settings.connections)).join(', ') || 'no lower count'} connection(s), then at ${Math.max(...settings.connections)} in ${settings.rounds} round${settings.rounds === 1 ? '' : 's'} (every route in turn, each right after a measurement of the static route of its own); latencies in milliseconds
- Load average (1 / 5 / 15 min) before the run ${loadAtStart}, after ${loadAfter}: anything else running on the machine shows in the figures

${out}
${skipped.length ? `\nSkipped routes:\n${skipped.map((s) => `- ${s}`).join('\n')}\n` : ''}`;
  if (chosen.length < routes.length) {
    say(`BENCH_ROUTES chose ${chosen.length} of ${routes.length} routes: docs/benchmarks.md not written`);
    return;
  }
  const file = writeDocs(target.engine, section);
  say(`wrote ${path.relative(root, file)}`);
}

// ---------------------------------------------------------------- deadlines and letters (issue 4)
type LettersResult = {
  events: number;
  deadlines: number;
  met: number;
  rssMb: number;
  sync: { median: number; p95: number; runs: number };
  addEvent: { median: number; p95: number; runs: number };
  pdfOnePage: { perSecond: number; count: number; bytes: number };
  pdfFivePages: { perSecond: number; count: number };
  docx: { perSecond: number; count: number };
};

/** Runs ./deadlines-letters.ts in its own process on a throwaway embedded database (CPU-bound work, no server). */
function benchLetters(): void {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-letters-'));
  say('deadlines and letters: 500-event case, PDF and DOCX output…');
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'deadlines-letters.ts')], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || !line) throw new Error(`deadlines-letters phase failed: ${run.stderr.slice(-2000)}`);
    const r = JSON.parse(line.slice(7)) as LettersResult;
    const out = [
      '| measure | figure |',
      '| --- | --- |',
      `| Deadline recomputation, one case with ${r.events} events (${r.deadlines} deadlines, ${r.met} met) | median ${r.sync.median} ms, p95 ${r.sync.p95} ms (${r.sync.runs} runs) |`,
      `| Adding one timeline event to that case (validate, write, recompute, audit) | median ${r.addEvent.median} ms, p95 ${r.addEvent.p95} ms (${r.addEvent.runs} runs) |`,
      `| Letter PDF, one page (pdfkit, DejaVu Sans embedded) | ${r.pdfOnePage.perSecond} letters/s (${r.pdfOnePage.bytes.toLocaleString('en-GB')} bytes each) |`,
      `| Letter PDF, five pages | ${r.pdfFivePages.perSecond} letters/s |`,
      `| Letter DOCX, one page | ${r.docx.perSecond} letters/s |`,
    ].join('\n');
    console.log(`\n${out}\n`);
    const file = writeDocs(
      'letters',
      `## Deadlines and letters — generated ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${machine()}
- In-process (no HTTP), warm, on a throwaway embedded PGlite database; process RSS at the end ${r.rssMb} MB
- Script: scripts/bench/deadlines-letters.ts (run alone: \`BENCH_ONLY=letters npm run bench\`)

${out}
`,
    );
    say(`wrote the letters section of ${path.relative(root, file)}`);
  } finally {
    removeDataDir(dataDir);
  }
}

// ---------------------------------------------------------------- bundles (issue 5)
/** Runs ./bundle.ts in its own process (it spawns qpdf for the baseline) and keeps its table in the docs. */
function benchBundle(): void {
  say('bundles: 50, 300 and 1,000 pages against qpdf (a few minutes)…');
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bundle.ts')], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = run.stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('RESULT '));
  if (run.status !== 0 || at < 0) throw new Error(`bundle phase failed (exit ${run.status})`);
  // The app's own build, end to end on a throwaway embedded database (./bundle-real.ts).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-bundle-'));
  const real = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'bundle-real.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  removeDataDir(dataDir);
  const realLines = real.stdout.split('\n');
  const realAt = realLines.findIndex((l) => l.startsWith('RESULT '));
  if (real.status !== 0 || realAt < 0) throw new Error(`bundle-real phase failed (exit ${real.status})`);
  const report = `${realLines.slice(0, realAt).join('\n').trim()}\n\nThe writer alone, with stand-in pages (./bundle.ts):\n\n${lines.slice(0, at).join('\n').trim()}`;
  console.log(`\n${report}\n`);
  const file = writeDocs(
    'bundle',
    `## Bundles — generated ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${machine()}
- Script: scripts/bench/bundle.ts (run alone: \`BENCH_ONLY=bundle npm run bench\`); warm, in one process; qpdf is Debian's, spawned in the same run

${report}
`,
  );
  say(`wrote the bundle section of ${path.relative(root, file)}`);
}

// ---------------------------------------------------------------- spreadsheet import (issue 12)
type ImportResult = {
  rows: number;
  bytes: number;
  engine: 'pglite' | 'postgres';
  cold: { parse: number; check: number; import: number };
  warm: { parse: number; check: number; import: number };
  progressTicks: number;
  deadlines: number;
  rssMb: number;
};

/** Runs ./import.ts in its own process on each engine: a throwaway embedded database, and a fresh PostgreSQL one. */
async function benchImport(): Promise<void> {
  say('spreadsheet import: 1,000 rows…');
  const results: ImportResult[] = [];
  const runOn = (env: Record<string, string>) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'import.ts')], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || !line) throw new Error(`import phase failed (exit ${run.status})`);
    results.push(JSON.parse(line.slice(7)) as ImportResult);
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-import-'));
  try {
    runOn({ DATA_DIR: dataDir, DATABASE_URL: '' });
  } finally {
    removeDataDir(dataDir);
  }
  if (settings.pgAdminUrl) {
    const dbName = `reinstate_bench_import_${Date.now()}`;
    const admin = new Client({ connectionString: settings.pgAdminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${dbName}"`);
      const url = new URL(settings.pgAdminUrl);
      url.pathname = `/${dbName}`;
      const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-import-'));
      try {
        runOn({
          DATA_DIR: pgDir,
          DATABASE_URL: url.toString(),
          AUTH_SECRET: process.env.AUTH_SECRET ?? crypto.randomBytes(32).toString('base64'),
          EVIDENCE_MASTER_KEY: process.env.EVIDENCE_MASTER_KEY ?? crypto.randomBytes(32).toString('base64'),
        });
      } finally {
        fs.rmSync(pgDir, { recursive: true, force: true });
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`).catch(() => undefined);
      await admin.end();
    }
  }
  const s = (n: number) => `${n.toFixed(2)} s`;
  const out = [
    '| engine | read the CSV | check the rows (preview) | import, warm | import, cold | target (under 10 s) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.engine === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'} | ${s(r.warm.parse)} | ${s(r.warm.check)} | ${s(r.warm.import)} | ${s(r.cold.import)} | ${r.warm.import < 10 ? 'met' : 'not met'} |`,
    ),
  ].join('\n');
  console.log(`\n${out}\n`);
  const r0 = results[0]!;
  const file = writeDocs(
    'import',
    `## Spreadsheet import — generated ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${machine()}; load average ${loadAverage()}
- ${r0.rows.toLocaleString('en-GB')} rows (${Math.round(r0.bytes / 1024)} KB, semicolons and a BOM as Excel saves them, 10 branches, a third expulsions: ${r0.deadlines} appeal deadlines computed), read, checked and imported by a coordinator in one transaction, in-process (no HTTP); progress reported ${r0.progressTicks} times; "cold" is the first sheet on a fresh database, "warm" a second sheet after it
- Script: scripts/bench/import.ts (run alone: \`BENCH_ONLY=import npm run bench\`, with \`BENCH_DATABASE_URL=1\` for both engines)

${out}
`,
  );
  say(`wrote the import section of ${path.relative(root, file)}`);
}

// ---------------------------------------------------------------- member export (issue 13)
type ExportResult = {
  files: number;
  fileMb: number;
  zipMb: number;
  seconds: number;
  peakAboveMb: number;
  rssBeforeMb: number;
  peakRssMb: number;
  gc: boolean;
};

/** Runs ./member-export.ts in its own process (with --expose-gc, so the start is measured after a collection). */
function benchExport(): void {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-export-'));
  say('member export: three 24 MB files through the zip…');
  try {
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'member-export.ts')],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
        maxBuffer: 16 * 2 ** 20,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || !line) throw new Error(`member export phase failed (exit ${run.status})`);
    const r = JSON.parse(line.slice(7)) as ExportResult;
    const out = [
      '| measure | figure |',
      '| --- | --- |',
      `| Evidence in the export | ${r.files} files of ${r.fileMb} MB (random bytes, encrypted at rest) |`,
      `| Zip built by the job | ${r.zipMb} MB in ${r.seconds} s |`,
      `| Heap + array buffers above the start, peak | ${r.peakAboveMb} MB (the files together are ${r.files * r.fileMb} MB; held whole, the peak would be above that: ${r.peakAboveMb < r.files * r.fileMb ? 'not held' : 'HELD'}) |`,
      `| Process RSS | ${r.rssBeforeMb} MB before, ${r.peakRssMb} MB at the peak |`,
    ].join('\n');
    console.log(`\n${out}\n`);
    const file = writeDocs(
      'export',
      `## Member export — generated ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${machine()}; load average ${loadAverage()}
- In-process (no HTTP) on a throwaway embedded PGlite database, sampled every 10 ms; the byte-for-byte check of the same export is a test (__tests__/lib/member-export)
- Script: scripts/bench/member-export.ts (run alone: \`BENCH_ONLY=export npm run bench\`)

${out}
`,
    );
    say(`wrote the export section of ${path.relative(root, file)}`);
  } finally {
    removeDataDir(dataDir);
  }
}

type MailResult = {
  messages: number;
  rounds: number;
  received: number;
  expected: number;
  appMs: number;
  defaultMs: number;
  app: number[];
  plain: number[];
};

/** Runs ./mail.ts in its own process: the digest's messages over one SMTP session, against nodemailer's own socket. */
function benchMail(): void {
  say('mail: messages over one SMTP session to a local smtp-server…');
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'mail.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (run.status !== 0 || !line) throw new Error(`mail phase failed (exit ${run.status})`);
  const r = JSON.parse(line.slice(7)) as MailResult;
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  const out = [
    '| Transport | ms per message (median of rounds) | each round | messages per second |',
    '| --- | --- | --- | --- |',
    `| nodemailer's pool, its own socket (Nagle on) | ${r.defaultMs.toFixed(1)} | ${ms(r.plain)} | ${(1000 / r.defaultMs).toFixed(0)} |`,
    `| withMailSession (lib/mail/send-mail.ts: Nagle off) | ${r.appMs.toFixed(1)} | ${ms(r.app)} | ${(1000 / r.appMs).toFixed(0)} |`,
  ].join('\n');
  console.log(`\n${out}\n\nMessages received by the sink: ${r.received} of ${r.expected}\n`);
  const file = writeDocs(
    'mail',
    `## Mail — generated ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC

- Machine: ${machine()}; load average ${loadAverage()}
- ${r.messages} messages of about 1 KB (the daily digest's size) over one pooled SMTP connection (replaced after 100 messages), sent one after another to a local \`smtp-server\` on 127.0.0.1, ${r.rounds} rounds of each transport in turn; the sink received ${r.received} of ${r.expected}
- Script: scripts/bench/mail.ts (run alone: \`BENCH_ONLY=mail npm run bench\`)

${out}
`,
  );
  say(`wrote the mail section of ${path.relative(root, file)}`);
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  if (settings.only === 'mail') return benchMail();
  if (settings.only === 'letters') return benchLetters();
  if (settings.only === 'bundle') return benchBundle();
  if (settings.only === 'import') return benchImport();
  if (settings.only === 'export') return benchExport();
  let target: Target | undefined;
  let server: ChildProcess | undefined;
  const cleanup = async () => {
    await stopServer(server);
    if (target)
      await dropTarget(target).catch((e: unknown) => say(`could not remove the bench database: ${String(e)}`));
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      say(`${sig}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    target = await createTarget();
    say(
      `engine ${target.engine}; ${target.engine === 'pglite' ? `DATA_DIR=${target.dataDir}` : `database ${target.dbName}`}`,
    );
    const prep = await prepareDatabase(target);
    const env = serverEnv(target);
    const build = await buildIfNeeded(env);
    const logFile = path.join(target.dataDir, 'server.log');
    server = await startServer(env, logFile);

    const cookie = await signIn(base, prep.bulk.coordinator.email, prep.bulk.coordinator.password);
    say('signed in as the bench coordinator');

    const engineLabel =
      target.engine === 'pglite' ? `PGlite (embedded; ${prep.dbVersion})` : `PostgreSQL server (${prep.dbVersion})`;
    if (settings.only !== 'upload')
      await benchPages(target, prep, build, engineLabel, cookie, serverLabel(logFile), server.pid!);

    if (settings.only !== 'pages') {
      const report = await runUploadBench({
        base,
        cookie,
        reference: prep.bulk.sampleReference,
        serverPid: server.pid!,
        port: settings.port,
        maxMb: settings.evidenceMaxMb,
        logFile,
        log: say,
      });
      const v = verdict(report);
      console.log(
        `\n${uploadTable(report)}\n\nThroughput target (≥ 0.5 × plain stream copy): ${v.throughput}\nMemory target (not growing with file size): ${v.memory}\n`,
      );
      const file = writeDocs(
        'upload',
        uploadSection(report, {
          generated: started,
          machine: machine(),
          build,
          engine: `${engineLabel}, ${prep.bulk.cases.toLocaleString('en-GB')} cases`,
        }),
      );
      say(`wrote the upload section of ${path.relative(root, file)}`);
    }
    await stopServer(server);
    server = undefined;
  } finally {
    await cleanup();
  }
  if (!settings.only) {
    benchLetters();
    benchBundle();
    await benchImport();
    benchExport();
    benchMail();
  }
}

main().then(
  () => process.exit(0), // the wasm schema engine leaves a timer running
  (err: unknown) => {
    console.error(`[bench] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
