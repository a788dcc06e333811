// The real bundle build, end to end, against qpdf (issue 5's target), run by ./run.ts in the bundle
// phase or alone: DATA_DIR=$(mktemp -d) npx tsx scripts/bench/bundle-real.ts
// For bundles of about 50, 300 and 1,000 pages: exhibits are 4-page PDFs filed as encrypted
// evidence on one case each; the build is the app's own (pre-flight plan, decrypt each exhibit,
// dividers, chronology, manifest, index with links, bookmarks, stamps, encrypted output). Warm: one
// warm-up build, then the median of 7. qpdf concatenates the same exhibit PDFs from disk, spawned
// in the same run, taking turns with the builds (median of 7). Peak RSS is sampled every 10 ms during each build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import { applyMigrations } from '../../lib/db/migrate';
import { db } from '../../lib/db/client';
import { encryptToStore } from '../../lib/evidence/crypto';
import { getBlobStore } from '../../lib/evidence/storage';
import { newStorageKey, nextExhibitNumber } from '../../lib/evidence/file-evidence';
import { preflight } from '../../lib/bundle/plan';
import { buildBundle } from '../../lib/bundle/build-bundle';
import { pdfFonts } from '../../lib/pdf/fonts';
import type { Prisma } from '../../lib/db/generated/client';

const PAGES_PER_EXHIBIT = 4;
const RUNS = 7;
const SIZES = (process.env.BENCH_BUNDLE_SIZES ?? '50,300,1000').split(',').map(Number);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 1) => Number(n.toFixed(d));

function exhibitPdf(n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', font: pdfFonts().regular as unknown as string });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let p = 1; p <= PAGES_PER_EXHIBIT; p++) {
      if (p > 1) doc.addPage();
      doc.fontSize(16).text(`Exhibit ${n}, page ${p}`, 72, 72);
      doc.fontSize(10).text('The branch meeting of 12 May heard a motion on the council budget. '.repeat(40), 72, 110, { width: 450 });
    }
    doc.end();
  });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-real-'));
  await applyMigrations();
  const user = await db.user.create({ data: { email: `bench-${Date.now()}@bench.test`, name: 'Bench Caseworker', role: 'COORDINATOR' } });
  const rows: Record<string, number | string>[] = [];
  let warmedUp = false;
  for (const target of SIZES) {
    const exhibits = Math.max(1, Math.round((target - 6) / (PAGES_PER_EXHIBIT + 1)));
    const person = await db.person.create({ data: { fullName: `Bench member ${target}` } });
    const kase = await db.case.create({ data: { reference: `RS-2026-${String(9000 + target).padStart(4, '0')}`, personId: person.id, createdById: user.id, consentGivenAt: new Date(), summary: 'Statement. '.repeat(50) } });
    const files: string[] = [];
    for (let i = 1; i <= exhibits; i++) {
      const bytes = await exhibitPdf(i);
      const file = path.join(tmp, `${target}-${i}.pdf`);
      fs.writeFileSync(file, bytes);
      files.push(file);
      const key = newStorageKey(kase.id);
      const stored = await encryptToStore(getBlobStore(), key, Readable.from([bytes]));
      await db.$transaction(async (tx) => tx.evidence.create({
        data: {
          caseId: kase.id, exhibitNumber: await nextExhibitNumber(tx, kase.id), title: `Exhibit number ${i}`, originalName: `e${i}.pdf`, mimeType: 'application/pdf',
          sizeBytes: stored.size, sha256: stored.sha256, storageKey: key, wrappedKey: stored.wrappedKey, createdById: user.id, occurredOn: new Date(Date.UTC(2024, 0, 1 + i)), datePrecision: 'DAY',
        },
      }));
    }
    const plan = await preflight(user, kase.id, 'APPEAL');
    const buildOnce = async () => {
      const b = await db.bundle.create({ data: { kind: 'CASE_BUNDLE', caseId: kase.id, version: Date.now() % 1_000_000, purpose: 'APPEAL', plan: plan as unknown as Prisma.InputJsonValue, createdById: user.id }, select: { id: true } });
      const before = process.memoryUsage.rss();
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
      const t = performance.now();
      await buildBundle(b.id);
      const ms = performance.now() - t;
      clearInterval(sampler);
      const done = await db.bundle.findUniqueOrThrow({ where: { id: b.id }, select: { status: true, pageCount: true, sizeBytes: true } });
      if (done.status !== 'READY') throw new Error(`bundle ${done.status}`);
      return { ms, pages: done.pageCount!, sizeMb: Number(done.sizeBytes) / 2 ** 20, peakMb: peak / 2 ** 20, deltaMb: (peak - before) / 2 ** 20 };
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
      pages: builds[0]!.pages, exhibits, sizeMb: round(builds[0]!.sizeMb, 2), qpdfMs: round(qpdfMs), buildMs: round(buildMs), ratio: round(buildMs / qpdfMs, 2), msPerPage: round(buildMs / builds[0]!.pages, 2),
      peakRssMb: round(Math.max(...builds.map((b) => b.peakMb))), peakDeltaMb: round(Math.max(...builds.map((b) => b.deltaMb))),
    });
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const table = ['| bundle pages | exhibits | output | qpdf concatenation | whole build | ratio | ms per page | peak RSS (rise during build) |', '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.pages} | ${r.exhibits} | ${r.sizeMb} MB | ${r.qpdfMs} ms | ${r.buildMs} ms | ${r.ratio}× | ${r.msPerPage} | ${r.peakRssMb} MB (+${r.peakDeltaMb} MB) |`)].join('\n');
  const perPage = (a: Record<string, number | string>, b: Record<string, number | string>, key: 'buildMs' | 'qpdfMs') => round(((b[key] as number) - (a[key] as number)) / ((b.pages as number) - (a.pages as number)), 2);
  const growth = rows.slice(1).map((r, i) => `${rows[i]!.pages}→${r.pages} pages: ${perPage(rows[i]!, r, 'buildMs')} ms (qpdf ${perPage(rows[i]!, r, 'qpdfMs')} ms)`);
  const at300 = rows.find((r) => Math.abs((r.pages as number) - 300) <= 20);
  const notes = [
    growth.length ? `Time per added page, ${growth.join('; ')}` : '',
    at300 ? `Target at 300 pages (≤ 4× qpdf): ${(at300.ratio as number) <= 4 ? 'met' : 'NOT met'} (${at300.ratio}×)` : '',
    `Peak RSS is the whole process, embedded PGlite included; the rise during a build is the build's own (largest ${Math.max(...rows.map((r) => r.peakDeltaMb as number))} MB).`,
  ].filter(Boolean).join('\n');
  console.log(`Real build (the app's buildBundle: decrypt, dividers, chronology, manifest, index, links, bookmarks, stamps, encrypted output):\n\n${table}\n\n${notes}`);
  console.log(`RESULT ${JSON.stringify({ rows, loadAverage: os.loadavg() })}`);
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
