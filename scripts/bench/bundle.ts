// Bundle PDF benchmark (issue 5): the streaming writer (lib/bundle/pdf-writer.ts) against Debian's
// qpdf concatenating the same exhibit PDFs, in one process, warm. Run alone:
//   npx tsx scripts/bench/bundle.ts
// Environment: BENCH_BUNDLE_SIZES (default "50,300,1000" pages), BENCH_BUNDLE_RUNS (default 3),
// BENCH_BUNDLE_FIXTURES=<dir> keeps the generated exhibits there and reuses them on the next run.
//
// 1. Synthetic exhibits per size, made in a child process (so sharp and the generator's garbage
//    are not in the measured process): pdfkit text documents of 1–14 pages (DejaVu Sans embedded,
//    like the app's own PDFs) and one-page exhibits holding a JPEG or PNG from sharp in a few sizes.
//    The page total counts the bundle's own pages: cover, index, two-page chronology, a divider
//    per exhibit.
// 2. qpdf: `qpdf --empty --pages <exhibits…> -- out.pdf` (spawned).
// 3. The writer: the whole bundle — cover, index reserved and filled last with a link per entry,
//    chronology, a divider per exhibit (all drawn with pdfkit during the build), every exhibit read
//    from disk one at a time and merged, every page stamped, bookmarks mirroring the index — in two
//    variants of how the bundle's own pages are drawn (see buildBundle). Peak RSS sampled every
//    10 ms during each build.
// 4. One warm-up of each, then RUNS rounds of qpdf and both builds interleaved (so a busy moment on
//    a shared machine hits all of them); medians. Every output is checked with `qpdf --check` (exit
//    0, no warnings) and pdfinfo's page count, and the run fails loudly otherwise.
// Prints a Markdown table and `RESULT <json>` (for scripts/bench/run.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import PDFDocument from 'pdfkit';
import { createBundleWriter, type LinkSpec, type OutlineEntry } from '../../lib/bundle/pdf-writer';
import { pdfFonts } from '../../lib/pdf/fonts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const SIZES = (process.env.BENCH_BUNDLE_SIZES ?? '50,300,1000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const RUNS = Number(process.env.BENCH_BUNDLE_RUNS ?? 3);
const CHRONOLOGY_PAGES = 2;
const INDEX_LINES_PER_PAGE = 36;
const A4: [number, number] = [595.28, 841.89];

const say = (msg: string) => console.error(`[bench:bundle] ${msg}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const round = (n: number, d = 1) => Number(n.toFixed(d));
const mb = (bytes: number) => round(bytes / 2 ** 20);

// ---------------------------------------------------------------- synthetic exhibits

type Exhibit = { file: string; title: string; pages: number };

const words =
  'the member was told of the allegations on the date stated in the notice and asked to reply within fourteen days to the governance unit which later wrote again'.split(
    ' ',
  );
function paragraph(seed: number, length = 90): string {
  return Array.from({ length }, (_, i) => words[(seed * 7 + i * 13) % words.length]).join(' ');
}

function pdfkitDocument(opts: { size?: [number, number] } = {}): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const fonts = pdfFonts();
  const doc = new PDFDocument({
    size: opts.size ?? A4,
    autoFirstPage: false,
    font: fonts.regular as unknown as string,
  });
  doc.registerFont('regular', fonts.regular as unknown as string);
  doc.registerFont('bold', fonts.bold as unknown as string);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

async function textExhibit(pages: number, seed: number): Promise<Buffer> {
  const { doc, done } = pdfkitDocument();
  for (let p = 1; p <= pages; p++) {
    doc.addPage();
    doc
      .font('bold')
      .fontSize(13)
      .text(`Email of ${1 + (seed % 28)} March 2024 — page ${p}`, 60, 60);
    doc.font('regular').fontSize(10.5);
    for (let i = 0; i < 5; i++) doc.text(paragraph(seed + p + i), 60, doc.y + 8, { width: A4[0] - 120 });
  }
  doc.end();
  return done;
}

const IMAGE_KINDS = [
  { format: 'jpeg', width: 1600, height: 1200 },
  { format: 'png', width: 900, height: 600 },
  { format: 'jpeg', width: 1000, height: 1400 },
  { format: 'png', width: 1280, height: 800 },
] as const;

async function imageExhibit(kind: number): Promise<Buffer> {
  const { format, width, height } = IMAGE_KINDS[kind % IMAGE_KINDS.length]!;
  // A photo-like picture (noisy) and a flat screenshot-like one. sharp is loaded only in the
  // generating child process, so it does not sit in the measured process's memory.
  const { default: sharp } = await import('sharp');
  const base = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: 200, g: 190 - kind * 10, b: 170 },
      noise: { type: 'gaussian', mean: 128, sigma: format === 'jpeg' ? 18 : 4 },
    },
  });
  const image =
    format === 'jpeg'
      ? await base.jpeg({ quality: 80 }).toBuffer()
      : await base.png({ compressionLevel: 6 }).toBuffer();
  const { doc, done } = pdfkitDocument();
  doc.addPage();
  doc.image(image, 40, 40, { fit: [A4[0] - 80, A4[1] - 80], align: 'center', valign: 'center' });
  doc.end();
  return done;
}

const TEXT_LENGTHS = [3, 1, 8, 2, 14, 5, 1, 4, 11, 2, 6];

/** Exhibit files whose pages, plus cover, index, chronology and one divider each, total `target`. */
async function makeExhibits(dir: string, target: number): Promise<{ exhibits: Exhibit[]; indexPages: number }> {
  const exhibits: Exhibit[] = [];
  const front = (n: number) => 1 + Math.max(1, Math.ceil(n / INDEX_LINES_PER_PAGE)) + CHRONOLOGY_PAGES;
  let used = () => front(exhibits.length) + exhibits.reduce((s, e) => s + 1 + e.pages, 0);
  for (let i = 0; ; i++) {
    const left = target - used() - 1; // the next exhibit's divider
    if (left < 1) break;
    const image = i % 5 === 4;
    let pages = image ? 1 : Math.min(left, TEXT_LENGTHS[i % TEXT_LENGTHS.length]!);
    // A new index page would be needed: leave room for it.
    if (front(exhibits.length + 1) > front(exhibits.length)) pages = Math.min(pages, left - 1);
    if (pages < 1) break;
    const bytes = image ? await imageExhibit(i) : await textExhibit(pages, i);
    const file = path.join(dir, `exhibit-${String(i + 1).padStart(3, '0')}.pdf`);
    fs.writeFileSync(file, bytes);
    exhibits.push({ file, title: `Exhibit ${i + 1}: ${image ? 'photograph' : 'email'}`, pages });
  }
  // Top up the last text exhibit so the total is exact.
  const short = target - used();
  if (short > 0) {
    const last = [...exhibits].reverse().find((e) => !e.title.endsWith('photograph'))!;
    last.pages += short;
    fs.writeFileSync(last.file, await textExhibit(last.pages, exhibits.indexOf(last)));
  }
  used = () => front(exhibits.length) + exhibits.reduce((s, e) => s + 1 + e.pages, 0);
  if (used() !== target) throw new Error(`Fixture maths: ${used()} pages instead of ${target}.`);
  return { exhibits, indexPages: Math.max(1, Math.ceil(exhibits.length / INDEX_LINES_PER_PAGE)) };
}

// ---------------------------------------------------------------- the bundle's own pages (stand-ins)

type Doc = PDFKit.PDFDocument;

function drawCover(doc: Doc): void {
  doc.addPage();
  doc.font('bold').fontSize(22).text('Appeal bundle', 72, 160);
  doc.font('regular').fontSize(13).text('Siobhán Ó Dálaigh v. The Party — RS-2026-0005', 72, 200);
}

function drawChronology(doc: Doc): void {
  for (let p = 0; p < CHRONOLOGY_PAGES; p++) {
    doc.addPage();
    doc.font('bold').fontSize(16).text('Chronology', 72, 72);
    doc.font('regular').fontSize(10);
    for (let i = 0; i < 30; i++) doc.text(`${1 + i} March 2024   ${paragraph(i, 12)}`, 72, doc.y + 4);
  }
}

function drawDivider(doc: Doc, title: string): void {
  doc.addPage();
  doc
    .font('bold')
    .fontSize(28)
    .text(title, 72, 360, { width: A4[0] - 144, align: 'center' });
}

async function render(draw: (doc: Doc) => void): Promise<Buffer> {
  const { doc, done } = pdfkitDocument();
  draw(doc);
  doc.end();
  return done;
}

type IndexRow = { title: string; first: number; last: number };
const LINE = 18;
const TOP = 100;

/** The index: one line per entry, each a link to its first page; returns the PDF and the links. */
async function indexPdf(rows: IndexRow[], pages: number): Promise<{ pdf: Buffer; links: LinkSpec[] }> {
  const links: LinkSpec[] = [];
  const pdf = await render((doc) => {
    for (let p = 0; p < pages; p++) {
      doc.addPage();
      doc.font('bold').fontSize(16).text('Index', 72, 60);
      rows.slice(p * INDEX_LINES_PER_PAGE, (p + 1) * INDEX_LINES_PER_PAGE).forEach((row, i) => {
        const y = TOP + i * LINE;
        doc.font('regular').fontSize(11).text(row.title, 72, y, { lineBreak: false });
        doc.text(row.first === row.last ? `${row.first}` : `${row.first}–${row.last}`, A4[0] - 172, y, {
          width: 100,
          align: 'right',
          lineBreak: false,
        });
        links.push({ page: p + 1, rect: [72, A4[1] - y - LINE + 4, A4[0] - 72, A4[1] - y + 2], target: row.first });
      });
    }
  });
  return { pdf, links };
}

// ---------------------------------------------------------------- one build

/**
 * How the bundle's own pages are made:
 * - 'one-document': cover, chronology and every divider drawn in one pdfkit document (the plan
 *   knows every title and page count after pre-flight), loaded once with load() and placed page by
 *   page with appendFrom(): the font subset is made and embedded once;
 * - 'per-part': a pdfkit document for the cover, the chronology and each divider, placed with
 *   append() — the contract API alone; each document makes and embeds its own font subset.
 * The index is its own document in both, rendered last (its page numbers are known only then).
 */
type Variant = 'one-document' | 'per-part';
const VARIANTS: Variant[] = ['one-document', 'per-part'];
type Phases = { render: number; read: number; merge: number; place: number; finish: number };

async function buildBundle(
  exhibits: Exhibit[],
  indexPages: number,
  outFile: string,
  variant: Variant,
  phases?: Phases,
): Promise<number> {
  const t: Phases = { render: 0, read: 0, merge: 0, place: 0, finish: 0 };
  const timed = async <T>(phase: keyof Phases, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      t[phase] += performance.now() - t0;
    }
  };
  const out = fs.createWriteStream(outFile);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  const writer = createBundleWriter(out, {
    info: { title: 'Appeal bundle RS-2026-0005', author: 'Reinstate', subject: 'Appeal bundle' },
  });

  // Pages of the shared document: 1 cover, 2–3 chronology, then divider i at 3 + i.
  const own =
    variant === 'one-document'
      ? await timed('render', () =>
          render((doc) => {
            drawCover(doc);
            drawChronology(doc);
            for (const e of exhibits) drawDivider(doc, e.title);
          }),
        ).then((pdf) => timed('place', () => writer.load(pdf)))
      : undefined;
  const place = (pages: number[], draw: (doc: Doc) => void) =>
    own
      ? timed('place', () => writer.appendFrom(own, pages))
      : timed('render', () => render(draw)).then((pdf) => timed('place', () => writer.append(pdf)));

  const rows: IndexRow[] = [];
  await place([1], drawCover);
  const index = writer.reserve(indexPages);
  const chronology = await place(
    Array.from({ length: CHRONOLOGY_PAGES }, (_, i) => 2 + i),
    drawChronology,
  );
  rows.push({ title: 'Chronology', first: chronology.first, last: chronology.first + chronology.count - 1 });
  for (const [i, e] of exhibits.entries()) {
    const divider = await place([2 + CHRONOLOGY_PAGES + i], (doc) => drawDivider(doc, e.title));
    // One exhibit in memory at a time. Read synchronously: an asynchronous read is four thread-pool
    // round trips (open, stat, read, close) queued behind the output's writes, which on a busy
    // two-core machine cost more than the read itself. (The app decrypts its exhibits as streams.)
    const bytes = await timed('read', async () => fs.readFileSync(e.file));
    const added = await timed('merge', () => writer.append(bytes));
    rows.push({ title: e.title, first: divider.first, last: added.first + added.count - 1 });
  }
  const { pdf, links } = await timed('render', () => indexPdf(rows, indexPages));
  await timed('place', () => writer.fill(index, pdf, { links }));
  const outline: OutlineEntry[] = [
    { title: 'Cover', page: 1 },
    { title: 'Index', page: index.first },
    { title: 'Chronology', page: chronology.first },
    {
      title: 'Exhibits',
      page: rows[1]?.first ?? chronology.first,
      children: rows.slice(1).map((r) => ({ title: r.title, page: r.first })),
    },
  ];
  const { pageCount } = await timed('finish', () => writer.finish({ outline }));
  out.end();
  await timed('finish', () => closed);
  if (phases) for (const k of Object.keys(t) as (keyof Phases)[]) phases[k] += t[k];
  return pageCount;
}

/** Runs `fn` while sampling RSS every 10 ms; returns its time and the peak RSS seen. */
type Measured<T> = { ms: number; rssBefore: number; rssPeak: number; value: T };
async function measured<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  gc();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const timer = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    return { ms, rssBefore, rssPeak, value };
  } finally {
    clearInterval(timer);
  }
}

function qpdfConcat(files: string[], outFile: string): number {
  const t0 = performance.now();
  const r = spawnSync('qpdf', ['--empty', '--pages', ...files, '--', outFile], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`qpdf failed: ${r.stderr}`);
  return ms;
}

function checkOutput(file: string, expectedPages: number): void {
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (check.status !== 0 || /WARNING/i.test(check.stdout + check.stderr)) {
    throw new Error(`qpdf --check failed on ${file} (exit ${check.status}):\n${check.stdout}\n${check.stderr}`);
  }
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
  if (pages !== expectedPages) throw new Error(`pdfinfo counts ${pages} pages in ${file}, expected ${expectedPages}.`);
}

// ---------------------------------------------------------------- main

type BuildStats = {
  buildMs: number;
  ratio: number;
  msPerPage: number;
  rssPeakDeltaMb: number;
  rssPeakMb: number;
  outputMb: number;
  phasesMs: Phases;
};
type Row = { pages: number; exhibits: number; inputMb: number; qpdfMs: number } & Record<Variant, BuildStats>;

/** Child process: writes one size's exhibits and a manifest, so the measured process never holds the generator's garbage. */
async function generate(dir: string, target: number): Promise<void> {
  const made = await makeExhibits(dir, target);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(made));
}

function fixtures(dir: string, target: number): { exhibits: Exhibit[]; indexPages: number } {
  const manifest = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifest)) {
    fs.mkdirSync(dir, { recursive: true });
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--generate', dir, String(target)], {
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error(`Generating the ${target}-page exhibits failed.`);
  }
  return JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exhibits: Exhibit[]; indexPages: number };
}

async function main(): Promise<void> {
  // BENCH_BUNDLE_FIXTURES=<dir> keeps the generated exhibits there between runs.
  const keep = process.env.BENCH_BUNDLE_FIXTURES;
  const root = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-bundle-'));
  const rows: Row[] = [];
  try {
    for (const target of SIZES) {
      const dir = path.join(root, String(target));
      say(`${target} pages: exhibits…`);
      const { exhibits, indexPages } = fixtures(dir, target);
      const files = exhibits.map((e) => e.file);
      const inputBytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bench-out-'));

      const qpdfOut = path.join(work, 'qpdf.pdf');
      const outFile = path.join(work, 'bundle.pdf');
      // Warm-up: qpdf (binary and page cache) and one build of each variant.
      qpdfConcat(files, qpdfOut);
      for (const variant of VARIANTS) {
        await buildBundle(exhibits, indexPages, outFile, variant);
        checkOutput(outFile, target);
      }
      // Interleaved, so a busy moment on a shared machine hits both sides alike.
      const qpdfRuns: number[] = [];
      const outputBytes = new Map<string, number>();
      const phases = new Map(VARIANTS.map((v) => [v, { render: 0, read: 0, merge: 0, place: 0, finish: 0 } as Phases]));
      const builds = new Map(VARIANTS.map((v) => [v, [] as Measured<number>[]]));
      for (let i = 0; i < RUNS; i++) {
        qpdfRuns.push(qpdfConcat(files, qpdfOut));
        for (const variant of VARIANTS) {
          const run = await measured(() => buildBundle(exhibits, indexPages, outFile, variant, phases.get(variant)));
          if (run.value !== target) throw new Error(`The writer reported ${run.value} pages, expected ${target}.`);
          checkOutput(outFile, target);
          builds.get(variant)!.push(run);
          outputBytes.set(variant, fs.statSync(outFile).size);
        }
      }
      const qpdfMs = median(qpdfRuns);
      const stats = (variant: Variant): BuildStats => {
        const runs = builds.get(variant)!;
        const buildMs = median(runs.map((r) => r.ms));
        return {
          buildMs: round(buildMs),
          ratio: round(buildMs / qpdfMs, 2),
          msPerPage: round(buildMs / target, 2),
          rssPeakDeltaMb: mb(Math.max(...runs.map((r) => r.rssPeak - r.rssBefore))),
          rssPeakMb: mb(Math.max(...runs.map((r) => r.rssPeak))),
          outputMb: mb(outputBytes.get(variant)!),
          // Where the time went, per build: pdfkit rendering the bundle's own pages, reading exhibits, the writer.
          phasesMs: Object.fromEntries(
            Object.entries(phases.get(variant)!).map(([k, v]) => [k, round(v / RUNS)]),
          ) as Phases,
        };
      };
      const row: Row = {
        pages: target,
        exhibits: exhibits.length,
        inputMb: mb(inputBytes),
        qpdfMs: round(qpdfMs),
        'one-document': stats('one-document'),
        'per-part': stats('per-part'),
      };
      say(
        `${target} pages: qpdf ${row.qpdfMs} ms; build ${VARIANTS.map((v) => `${row[v].buildMs} ms (×${row[v].ratio}, ${v})`).join(', ')}`,
      );
      rows.push(row);
      fs.rmSync(work, { recursive: true, force: true });
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  }

  const line = (r: Row, v: Variant, label: string) => {
    const b = r[v];
    return `| ${r.pages} | ${r.exhibits} | ${r.inputMb} MB | ${r.qpdfMs} ms | ${label} | ${b.buildMs} ms | **${b.ratio}×** | ${b.msPerPage} ms | ${b.phasesMs.render} / ${b.phasesMs.read} / ${b.phasesMs.merge} / ${b.phasesMs.place} / ${b.phasesMs.finish} ms | +${b.rssPeakDeltaMb} MB / ${b.rssPeakMb} MB | ${b.outputMb} MB |`;
  };
  const table = [
    '| pages | exhibits | exhibit PDFs | qpdf concat (median) | own pages (pdfkit) | bundle build (median) | build ÷ qpdf | per page | of which: pdfkit / reading exhibits / merging exhibits / placing own pages / finish and close (mean) | peak RSS during build (above start / absolute) | output |',
    '| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.flatMap((r) => [
      line(r, 'one-document', 'one document, appendFrom()'),
      line(r, 'per-part', 'a document each, append()'),
    ]),
  ].join('\n');
  // Linearity: the cost of each page added between consecutive sizes (fixed costs cancel out).
  const growth = rows.slice(1).map((r, i) => {
    const prev = rows[i]!;
    const per = (a: number, b: number) => round((a - b) / (r.pages - prev.pages), 2);
    return `${prev.pages}→${r.pages} pages: ${VARIANTS.map((v) => `${per(r[v].buildMs, prev[v].buildMs)} ms (${v})`).join(', ')}, qpdf ${per(r.qpdfMs, prev.qpdfMs)} ms`;
  });
  const at300 = rows.find((r) => r.pages === 300);
  const verdict = at300
    ? `Target at 300 pages (≤ 4× qpdf): ${VARIANTS.map((v) => `${at300[v].ratio <= 4 ? 'met' : 'NOT met'} ${v} (${at300[v].ratio}×)`).join('; ')}`
    : 'Target at 300 pages not measured';
  const peak = Math.max(...rows.flatMap((r) => VARIANTS.map((v) => r[v].rssPeakMb)));
  const maxRss = mb(process.resourceUsage().maxRSS * 1024); // the kernel's high-water mark for this process
  const memory = `Peak RSS: ${peak < 250 && maxRss < 250 ? 'under 250 MB at every size' : 'ABOVE 250 MB'} (largest sampled ${peak} MB; the process's maximum resident size ${maxRss} MB)`;
  console.log(
    `\n${table}\n\nTime per added page, ${growth.join('; ') || '(one size only)'}\n${verdict}\n${memory}\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ')}; ${spawnSync('qpdf', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}\n`,
  );
  console.log(
    `RESULT ${JSON.stringify({ rows, growth, maxRssMb: maxRss, loadAverage: os.loadavg().map((n) => round(n, 2)), node: process.version })}`,
  );
}

const [mode, genDir, genTarget] = process.argv.slice(2);
const run = mode === '--generate' ? generate(genDir!, Number(genTarget)) : main();
run.then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
