/**
 * Lighthouse's mobile performance (default throttling: a slow 4G link and a CPU slowed 4×) on the pages
 * a member or caseworker opens most: sign-in, the case list, a case and the deadlines. Fails when a page's
 * median score is under 95 (issue 11, point 10); a page whose median is under it is measured as many times again
 * and gated on the lower median of all its loads. A page stops being loaded once the rest of its loads could not
 * change which side of the bar its median falls (two of three at 95 or more: the third is not needed).
 *
 * Each load is gathered once and audited twice. The gated score is Lighthouse's own audit of the trace with
 * every task on the page's main thread lasting its CPU time rather than its wall time (lighthouse-cpu-time.ts,
 * docs/decisions/0030-lighthouse-cpu-time.md): on a 2-core machine the page's thread waits for a core behind
 * Chromium's other processes, and Lighthouse would count that wait as the page's work, 4 times over. The
 * score from wall time is printed beside it ("as recorded"), with each load's main-thread wall and CPU time.
 *
 *   npm run lighthouse                          starts the production build on a fresh demo database (as
 *                                               the browser tests do; builds first when stale), then measures
 *   npm run lighthouse -- --runs 3 --min 95     runs per page (median reported, as CI does) and the lowest passing score
 *   npm run lighthouse -- --url http://host:port   an app already running with the demo data
 *   npm run lighthouse -- --save <dir>          also writes each run's full report (JSON) there
 *
 * Signed-in pages are loaded with the demo coordinator's session cookie (every case: the longest list).
 * Debian's Chromium (CHROMIUM_PATH to use another). Scores vary from load to load: CI uses --runs 3.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import startServer from '../__tests__/e2e/support/start-server';
import stopServer from '../__tests__/e2e/support/stop-server';
import { DEMO, ref, sessionCookie } from '../__tests__/e2e/support/browser';
import { cpuTimeTrace } from './lighthouse-cpu-time';
import { runTemp } from './run-temp';
import type { RunnerResult } from 'lighthouse';

type Result = {
  page: string;
  score: number;
  tbt: number;
  lcp: number;
  fcp: number;
  scriptKb: number;
  raw: number;
  rawTbt: number;
  mainWallMs: number;
  mainCpuMs: number;
};

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function parseArgs(argv: string[]) {
  const opts = { runs: 1, min: 95, url: null as string | null, save: null as string | null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') opts.runs = Number(argv[++i]);
    else if (arg === '--min') opts.min = Number(argv[++i]);
    else if (arg === '--url') opts.url = argv[++i]!.replace(/\/$/, '');
    else if (arg === '--save') opts.save = argv[++i]!;
    else throw new Error(`Unknown option ${arg}`);
  }
  if (!(opts.runs >= 1) || !(opts.min >= 0 && opts.min <= 100))
    throw new Error('--runs takes a count, --min a score from 0 to 100');
  return opts;
}

/** A failed recording (NO_NAVSTART and the like, seen on a busy machine): worth another try. */
class RunError extends Error {}

async function measureWithRetry(...args: Parameters<typeof measure>): Promise<Omit<Result, 'page'>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure(...args);
    } catch (err) {
      if (!(err instanceof RunError) || attempt === 3) throw err;
      console.log(`${err.message}; trying again`);
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

type Measured = { score: number; tbt: number; lcp: number; fcp: number; scriptKb: number };

function summarise(lhr: RunnerResult['lhr']): Measured {
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const scripts =
    (
      lhr.audits['network-requests']?.details as
        | { items?: { resourceType?: string; transferSize?: number }[] }
        | undefined
    )?.items ?? [];
  return {
    score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    tbt: audit('total-blocking-time'),
    lcp: audit('largest-contentful-paint'),
    fcp: audit('first-contentful-paint'),
    scriptKb:
      scripts.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024,
  };
}

/**
 * One load of `url`, gathered once and audited twice: as recorded (`raw`, reported) and with every
 * main-thread task lasting its CPU time (the gated figure; see lighthouse-cpu-time.ts).
 */
async function measure(
  url: string,
  cookie: string | null,
  port: number,
  save: string | null,
): Promise<Omit<Result, 'page'>> {
  const { default: lighthouse } = await import('lighthouse');
  const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-lighthouse-'));
  try {
    const flags = {
      port,
      output: 'json' as const,
      logLevel: 'error' as const,
      onlyCategories: ['performance'],
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    };
    await lighthouse(url, { ...flags, gatherMode: artifacts });
    const audit = async (label: string) => {
      const lhr = (await lighthouse(url, { ...flags, auditMode: artifacts }))?.lhr;
      if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
      if (save) {
        fs.mkdirSync(save, { recursive: true });
        fs.writeFileSync(
          path.join(save, `${new URL(url).pathname.replace(/\W+/g, '_')}-${label}-${Date.now()}.json`),
          JSON.stringify(lhr),
        );
      }
      if (lhr.runtimeError) throw new RunError(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
      if (lhr.finalDisplayedUrl.includes('/login') && !url.endsWith('/login'))
        throw new Error(`${url} sent the browser to the sign-in page: the session cookie was not accepted`);
      return summarise(lhr);
    };
    const raw = await audit('raw');
    const traceFile = path.join(artifacts, 'defaultPass.trace.json');
    const trace = JSON.parse(fs.readFileSync(traceFile, 'utf8'));
    let cpu;
    try {
      cpu = cpuTimeTrace(trace);
    } catch (err) {
      throw new RunError(`${url}: ${(err as Error).message}`);
    }
    fs.writeFileSync(traceFile, JSON.stringify(trace));
    const cpuTime = await audit('cpu-time');
    return { ...cpuTime, raw: raw.score, rawTbt: raw.tbt, mainWallMs: cpu.wallMs, mainCpuMs: cpu.cpuMs };
  } finally {
    fs.rmSync(artifacts, { recursive: true, force: true });
  }
}

// The demo server's data folder and log, Chromium's profile and Lighthouse's artifacts go into one temp folder of the
// run's own (./run-temp.ts).
let temp: ReturnType<typeof runTemp> | undefined;
const leaveTemp = (code: number) => temp?.leave(code);

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  temp = runTemp('reinstate-lighthouse-run');
  if (opts.url) process.env.E2E_BASE_URL = opts.url;
  else await startServer();
  const base = process.env.E2E_BASE_URL!;
  const { launch } = await import('chrome-launcher');
  const chrome = await launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  try {
    const cookie = await sessionCookie(DEMO.coordinator);
    const pages: [string, string | null][] = [
      ['/login', null],
      ['/cases', cookie],
      [`/cases/${ref(1)}`, cookie],
      ['/deadlines', cookie],
    ];
    const results: Result[] = [];
    for (const [page, pageCookie] of pages) {
      const runs: Omit<Result, 'page'>[] = [];
      // The gate: the lower median of a page's loads is at the bar, that is, more than half of them are at it
      // (⌊n/2⌋ + 1 of n). A round of loads stops as soon as that many are: the rest could not bring the median
      // under the bar (two of three, the usual case, saves a load a page); otherwise it takes all its loads.
      const passing = () => runs.filter((r) => r.score >= opts.min).length;
      const measureRound = async () => {
        const total = runs.length + opts.runs;
        while (runs.length < total && passing() < Math.floor(total / 2) + 1)
          runs.push(await measureWithRetry(`${base}${page}`, pageCookie, chrome.port, opts.save));
      };
      await measureRound();
      // A median under the gate is measured again before it fails: as many loads once more, and the gate takes the
      // lower median of all of them, the first ones included. A slow spell of a shared machine passes only if
      // every load of the second round is at the gate (a case page at 97, 92, 94 in a CI run of 5 Dec 2026 whose
      // code scored 96, 97, 97 half an hour before); a page that got slower stays under it.
      if (median(runs.map((r) => r.score)) < opts.min) {
        console.log(`${page}: ${runs.map((r) => r.score).join(', ')}, under ${opts.min}; measuring it again`);
        await measureRound();
      }
      const mid = median(runs.map((r) => r.score));
      const pick = runs.find((r) => r.score === mid)!;
      results.push({ page, ...pick });
      console.log(
        `${page}: ${runs.map((r) => r.score).join(', ')} (as recorded: ${runs.map((r) => r.raw).join(', ')}; ` +
          `main-thread tasks ${runs.map((r) => `${Math.round(r.mainWallMs)} ms wall / ${Math.round(r.mainCpuMs)} ms CPU`).join(', ')})`,
      );
    }
    console.log(
      `\nLighthouse mobile performance (slow 4G, CPU 4×) on the page's own main-thread CPU time, the lower median of ` +
        `up to ${opts.runs} loads (up to ${opts.runs * 2} for a page measured again; a page stops once more than half ` +
        `of its loads are at the bar, as the rest could not change the median's side of it); ` +
        `must be at least ${opts.min}. "As recorded": the same load scored on wall time on this machine (reported, not gated).`,
    );
    console.log('page                      score  blocking ms  LCP ms  FCP ms  script KB  as recorded  blocking ms');
    for (const r of results) {
      console.log(
        `${r.page.padEnd(26)}${String(r.score).padStart(5)}${Math.round(r.tbt).toString().padStart(13)}${Math.round(r.lcp).toString().padStart(8)}` +
          `${Math.round(r.fcp).toString().padStart(8)}${r.scriptKb.toFixed(1).padStart(11)}${String(r.raw).padStart(13)}` +
          `${Math.round(r.rawTbt).toString().padStart(13)}`,
      );
    }
    console.log(`Took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
    const low = results.filter((r) => r.score < opts.min);
    if (low.length) console.error(`Under ${opts.min}: ${low.map((r) => `${r.page} (${r.score})`).join(', ')}`);
    return low.length ? 1 : 0;
  } finally {
    chrome.kill();
    if (!opts.url) await stopServer();
  }
}

main().then(
  (code) => {
    leaveTemp(code);
    process.exit(code);
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    leaveTemp(1);
    process.exit(1);
  },
);
