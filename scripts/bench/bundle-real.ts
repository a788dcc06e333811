// The real bundle build, end to end, against qpdf (issue 5's target), run by ./run.ts in the bundle
// phase or alone: DATA_DIR=$(mktemp -d) npx tsx scripts/bench/bundle-real.ts
// For bundles of about 50, 300 and 1,000 pages: exhibits are 4-page PDFs filed as encrypted
// evidence on one case each; the build is the app's own (pre-flight plan, decrypt each exhibit,
// dividers, chronology, manifest, index with links, bookmarks, stamps, encrypted output). Warm: one
// warm-up build, then the median of 7. qpdf concatenates the same exhibit PDFs from disk, spawned
// in the same run, taking turns with the builds (median of 7). The build is drawn by a PDF worker process, as in
// the app: its peak RSS is what the worker reports when it ends; this (the server's side) process's RSS is
// sampled every 10 ms during each build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyMigrations } from '../../lib/db/migrate';
import { db } from '../../lib/db/client';
import { preflight } from '../../lib/bundle/plan';
import { buildBundle } from '../../lib/bundle/build-bundle';
import { exhibitPdf, fileExhibit, PAGES_PER_EXHIBIT } from './exhibits';
import { compileScript } from '../compile-script';
import type { Prisma } from '../../lib/db/generated/client';

const RUNS = 7;
const SIZES = (process.env.BENCH_BUNDLE_SIZES ?? '50,300,1000').split(',').map(Number);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 1) => Number(n.toFixed(d));

async function main() {
  // As `npm start` runs it: the PDF worker compiled, with plain node.
  process.env.REINSTATE_PDF_WORKER ??= await compileScript('scripts/pdf-worker.ts', 'reinstate-pdf-worker.cjs');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-real-'));
  await applyMigrations();
  const user = await db.user.create({
    data: { email: `bench-${Date.now()}@bench.test`, name: 'Bench Caseworker', role: 'COORDINATOR' },
  });
  const rows: Record<string, number | string>[] = [];
  let warmedUp = false;
  for (const target of SIZES) {
    const exhibits = Math.max(1, Math.round((target - 6) / (PAGES_PER_EXHIBIT + 1)));
    const person = await db.person.create({ data: { fullName: `Bench member ${target}` } });
    const kase = await db.case.create({
      data: {
        reference: `RS-2026-${String(9000 + target).padStart(4, '0')}`,
        personId: person.id,
        createdById: user.id,
        consentGivenAt: new Date(),
        summary: 'Statement. '.repeat(50),
      },
    });
    const files: string[] = [];
    for (let i = 1; i <= exhibits; i++) {
      const bytes = await exhibitPdf(i);
      const file = path.join(tmp, `${target}-${i}.pdf`);
      fs.writeFileSync(file, bytes);
      files.push(file);
      await fileExhibit(kase.id, user.id, i, bytes);
    }
    const plan = await preflight(user, kase.id, 'APPEAL');
    const buildOnce = async () => {
      const b = await db.bundle.create({
        data: {
          kind: 'CASE_BUNDLE',
          caseId: kase.id,
          version: Date.now() % 1_000_000,
          purpose: 'APPEAL',
          plan: plan as unknown as Prisma.InputJsonValue,
          createdById: user.id,
        },
        select: { id: true },
      });
      const before = process.memoryUsage.rss();
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
      }, 10);
      const t = performance.now();
      const { workerMaxRssMb } = await buildBundle(b.id);
      const ms = performance.now() - t;
      clearInterval(sampler);
      const done = await db.bundle.findUniqueOrThrow({
        where: { id: b.id },
        select: { status: true, pageCount: true, sizeBytes: true },
      });
      if (done.status !== 'READY') throw new Error(`bundle ${done.status}`);
      return {
        ms,
        pages: done.pageCount!,
        sizeMb: Number(done.sizeBytes) / 2 ** 20,
        peakMb: peak / 2 ** 20,
        deltaMb: (peak - before) / 2 ** 20,
        workerMb: workerMaxRssMb ?? NaN,
      };
    };
    if (!warmedUp) {
      await buildOnce();
      warmedUp = true;
    }
    // Builds and qpdf runs take turns, so that both see the same load on a shared machine.
    const qpdfOnce = () => {
      const t = performance.now();
      const r = spawnSync('qpdf', ['--empty', '--pages', ...files, '--', path.join(tmp, 'out.pdf')]);
      if (r.status !== 0) throw new Error(`qpdf failed: ${r.stderr}`);
      return performance.now() - t;
    };
    const builds = [];
    const qpdf = [];
    for (let k = 0; k < RUNS; k++) {
      qpdf.push(qpdfOnce());
      builds.push(await buildOnce());
    }
    const buildMs = median(builds.map((b) => b.ms));
    const qpdfMs = median(qpdf);
    rows.push({
      pages: builds[0]!.pages,
      exhibits,
      sizeMb: round(builds[0]!.sizeMb, 2),
      qpdfMs: round(qpdfMs),
      buildMs: round(buildMs),
      ratio: round(buildMs / qpdfMs, 2),
      msPerPage: round(buildMs / builds[0]!.pages, 2),
      peakRssMb: round(Math.max(...builds.map((b) => b.peakMb))),
      peakDeltaMb: round(Math.max(...builds.map((b) => b.deltaMb))),
      workerPeakMb: round(Math.max(...builds.map((b) => b.workerMb))),
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const table = [
    '| bundle pages | exhibits | output | qpdf concatenation | whole build | ratio | ms per page | PDF worker peak RSS | server process peak RSS (rise during build) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.pages} | ${r.exhibits} | ${r.sizeMb} MB | ${r.qpdfMs} ms | ${r.buildMs} ms | ${r.ratio}× | ${r.msPerPage} | ${r.workerPeakMb} MB | ${r.peakRssMb} MB (+${r.peakDeltaMb} MB) |`,
    ),
  ].join('\n');
  const perPage = (a: Record<string, number | string>, b: Record<string, number | string>, key: 'buildMs' | 'qpdfMs') =>
    round(((b[key] as number) - (a[key] as number)) / ((b.pages as number) - (a.pages as number)), 2);
  const growth = rows
    .slice(1)
    .map(
      (r, i) =>
        `${rows[i]!.pages}→${r.pages} pages: ${perPage(rows[i]!, r, 'buildMs')} ms (qpdf ${perPage(rows[i]!, r, 'qpdfMs')} ms)`,
    );
  const at300 = rows.find((r) => Math.abs((r.pages as number) - 300) <= 20);
  const notes = [
    growth.length ? `Time per added page, ${growth.join('; ')}` : '',
    at300
      ? `Target at 300 pages (≤ 3× qpdf, in the worker process): ${(at300.ratio as number) <= 3 ? 'met' : 'NOT met'} (${at300.ratio}×)`
      : '',
    `Target for the PDF worker's peak RSS (≤ 250 MB): ${rows.every((r) => (r.workerPeakMb as number) <= 250) ? 'met' : 'NOT met'} (largest ${Math.max(...rows.map((r) => r.workerPeakMb as number))} MB).`,
    `The server process's peak RSS includes the embedded PGlite; its rise during a build is what the build costs it (largest ${Math.max(...rows.map((r) => r.peakDeltaMb as number))} MB).`,
  ]
    .filter(Boolean)
    .join('\n');
  console.log(
    `Real build (the app's buildBundle: decrypt, dividers, chronology, manifest, index, links, bookmarks, stamps, encrypted output):\n\n${table}\n\n${notes}`,
  );
  console.log(`RESULT ${JSON.stringify({ rows, loadAverage: os.loadavg() })}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
