import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { PDFArray, PDFDocument, PDFName, PDFRef, StandardFonts } from '@cantoo/pdf-lib';
import { createBundleWriter, inspectPdf, UnreadablePdfError, type BundleWriter } from '@/lib/bundle/pdf-writer';
import { MAX_UNPARSED_BYTES } from '@/lib/bundle/pdf-writer/read-pdf';
import {
  MemoryOutput,
  corrupt,
  encrypted,
  jpeg,
  kitPdf,
  noisePng,
  pageText,
  pageWords,
  pdfInfo,
  png,
  qpdfCheck,
  readBack,
  removeTempFiles,
  tempFile,
  tempPath,
  treePdf,
} from './writer-fixtures';

// The bundle writer against the real tools: every output passes `qpdf --check` without warnings,
// pdfinfo counts the pages the writer reports, pdftotext finds "Page n" and the page's own text
// on page n, and pdf-lib reads back links and bookmarks pointing at the pages they claim.

jest.setTimeout(60_000);
afterAll(removeTempFiles);

const info = { title: 'Appeal bundle RS-2026-0005', author: 'Siobhán Ó Dálaigh', subject: 'Appeal against suspension' };

async function written(build: (w: BundleWriter) => Promise<void>, opts: { stamp?: (n: number) => string } = {}) {
  const file = tempPath('pdf');
  const out = fs.createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => out.on('close', () => resolve()).on('error', reject));
  const writer = createBundleWriter(out, { info, ...opts });
  await build(writer);
  out.end();
  await closed;
  return { file, bytes: fs.readFileSync(file), writer };
}

function expectValid(file: string, pages: number) {
  const check = qpdfCheck(file);
  expect(check.output).toMatch(/No syntax or stream encoding errors found/);
  expect(check.ok).toBe(true);
  expect(Number(pdfInfo(file).Pages)).toBe(pages);
}

/** The stamp sits in the bottom-right corner of the page as shown, upright, inside the page. */
function expectStampInCorner(file: string, page: number, text = `Page ${page}`) {
  const { width, height, words } = pageWords(file, page);
  const [first] = text.split(' ');
  const stamp = words.filter((w) => w.text === first).at(-1);
  expect(stamp).toBeDefined();
  const w = stamp!;
  expect(w.xMax - w.xMin).toBeGreaterThan(w.yMax - w.yMin); // horizontal: upright, not turned
  expect(w.xMin).toBeGreaterThan(width / 2);
  expect(w.yMin).toBeGreaterThan(height * 0.9);
  expect(w.xMax).toBeLessThanOrEqual(width);
  expect(w.yMax).toBeLessThanOrEqual(height);
}

test('merges pdfkit and pdf-lib inputs: one PDF, every page numbered from 1 in its corner, text kept, valid', async () => {
  const alpha = await kitPdf([
    { text: 'Alpha one A4' },
    { text: 'Alpha two Letter', size: 'LETTER' },
    { text: 'Alpha three landscape', layout: 'landscape' },
  ]);
  const bravo = await kitPdf([
    { text: 'Bravo rotated', rotate: 90 },
    { text: 'Bravo photograph', image: await jpeg() },
    { text: 'Bravo picture', size: 'A5', image: await png(), rotate: 180 },
    { text: 'Bravo links', links: true, rotate: 270, layout: 'landscape' },
  ]);
  const charlie = await treePdf(['Charlie inherited', 'Charlie indirect', 'Charlie streams']);
  const texts = [
    'Alpha one A4',
    'Alpha two Letter',
    'Alpha three landscape',
    'Bravo rotated',
    'Bravo photograph',
    'Bravo picture',
    'Bravo links',
    'Charlie inherited',
    'Charlie indirect',
    'Charlie streams',
  ];

  const placed: { first: number; count: number }[] = [];
  const { file, bytes } = await written(async (w) => {
    for (const pdf of [alpha, bravo, charlie]) placed.push(await w.append(pdf));
    expect(w.pageCount).toBe(10);
    expect(await w.finish({ outline: [] })).toEqual({ pageCount: 10, bytes: expect.any(Number) });
  });
  expect(placed).toEqual([
    { first: 1, count: 3 },
    { first: 4, count: 4 },
    { first: 8, count: 3 },
  ]);

  expectValid(file, 10);
  const meta = pdfInfo(file);
  expect(meta).toMatchObject({ Title: info.title, Author: info.author, Subject: info.subject });
  texts.forEach((text, i) => {
    const page = pageText(file, i + 1);
    expect(page).toContain(text); // copied as text, not rasterised
    expect(page).toContain(`Page ${i + 1}`);
    expect(page).not.toContain(`Page ${i + 2}`);
    expectStampInCorner(file, i + 1);
  });
  // "second stream" is the second content stream of Charlie's third page.
  expect(pageText(file, 10)).toContain('second stream');

  const back = await readBack(bytes);
  expect(back.pageCount).toBe(10);
  expect(back.pageObjects).toBe(10); // nothing of the sources' page trees came along
  // Bravo's link to a web address is kept; its link inside Bravo (to a named destination) is not.
  expect(back.links[6]).toEqual([{ rect: expect.any(Array), target: undefined, uri: 'https://example.org/evidence' }]);
  expect(back.links.flat()).toHaveLength(1);
});

test('files as other software saves them: linearised, object streams, QDF (qpdf rewrites them)', async () => {
  const rewrite = (pdf: Buffer, args: string[]) => {
    const output = tempPath('pdf');
    execFileSync('qpdf', [...args, tempFile(pdf), output]);
    return fs.readFileSync(output);
  };
  const tree = await treePdf(['Web one', 'Web two', 'Web three']);
  const kit = await kitPdf([{ text: 'Scan with photo', image: await jpeg() }, { text: 'Scan text' }]);
  const { file } = await written(async (w) => {
    await w.append(rewrite(tree, ['--linearize', '--object-streams=generate']));
    await w.append(rewrite(kit, ['--qdf']));
    await w.append(rewrite(kit, ['--linearize']));
    await w.finish({ outline: [] });
  });
  expectValid(file, 7);
  ['Web one', 'Web two', 'Web three', 'Scan with photo', 'Scan text', 'Scan with photo', 'Scan text'].forEach(
    (text, i) => {
      expect(pageText(file, i + 1)).toMatch(new RegExp(`${text}[\\s\\S]*Page ${i + 1}`));
    },
  );
});

test('the reserved index is filled in place; its links and the bookmarks go to the pages they name', async () => {
  const cover = await kitPdf([{ text: 'Cover sheet' }]);
  const exhibitA = await kitPdf([{ text: 'Exhibit A one' }, { text: 'Exhibit A two' }]);
  const exhibitB = await kitPdf([{ text: 'Exhibit B only' }]);
  let index = { first: 0, count: 0 };
  const { file, bytes } = await written(async (w) => {
    await w.append(cover);
    index = w.reserve(2);
    expect(index).toEqual({ first: 2, count: 2 });
    expect(w.pageCount).toBe(3);
    // A chronology linking forward to exhibits that are not written yet.
    await w.append(await kitPdf([{ text: 'Chronology' }]), {
      links: [{ page: 1, rect: [50, 700, 300, 720], target: 6 }],
    });
    await w.append(exhibitA); // 5–6
    await w.append(exhibitB); // 7
    const indexPdf = await kitPdf([{ text: 'Index page one' }, { text: 'Index page two' }]);
    await w.fill(index, indexPdf, {
      links: [
        { page: 1, rect: [50, 700, 500, 720], target: 1 },
        { page: 1, rect: [50, 680, 500, 700], target: 5 },
        { page: 2, rect: [50, 700, 500, 720], target: 7 },
      ],
    });
    await w.finish({
      outline: [
        { title: 'Cover', page: 1 },
        { title: 'Index', page: 2 },
        {
          title: 'Exhibits',
          page: 5,
          children: [
            { title: 'A — Témoignage de Łukasz Żółć', page: 5 },
            { title: 'B (the "reply")', page: 7 },
          ],
        },
      ],
    });
  });

  expectValid(file, 7);
  const order = [
    'Cover sheet',
    'Index page one',
    'Index page two',
    'Chronology',
    'Exhibit A one',
    'Exhibit A two',
    'Exhibit B only',
  ];
  order.forEach((text, i) => {
    expect(pageText(file, i + 1)).toContain(text);
    expect(pageText(file, i + 1)).toContain(`Page ${i + 1}`);
  });
  const back = await readBack(bytes);
  expect(back.links[1]).toEqual([
    { rect: [50, 700, 500, 720], target: 1, uri: undefined },
    { rect: [50, 680, 500, 700], target: 5, uri: undefined },
  ]);
  expect(back.links[2]).toEqual([{ rect: [50, 700, 500, 720], target: 7, uri: undefined }]);
  expect(back.links[3]).toEqual([{ rect: [50, 700, 300, 720], target: 6, uri: undefined }]);
  expect(back.outline).toEqual([
    { title: 'Cover', page: 1, children: [] },
    { title: 'Index', page: 2, children: [] },
    {
      title: 'Exhibits',
      page: 5,
      children: [
        { title: 'A — Témoignage de Łukasz Żółć', page: 5, children: [] },
        { title: 'B (the "reply")', page: 7, children: [] },
      ],
    },
  ]);
  expect(back.catalog.get(PDFName.of('PageMode'))).toBe(PDFName.of('UseOutlines'));
});

/** A PDF whose page refers to a content stream that is not in the file. */
async function missingContent(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([300, 300]).drawText('Gone', { x: 20, y: 200, size: 12, font });
  doc.addPage([300, 300]).drawText('Also gone', { x: 20, y: 200, size: 12, font });
  await doc.flush();
  const contents = doc.context.lookup(doc.getPage(1).node.get(PDFName.of('Contents')), PDFArray);
  doc.context.delete(contents.get(0) as PDFRef);
  return doc.save({ useObjectStreams: false });
}

describe('PDFs with an owner password only (they open without asking, as many official letters do)', () => {
  // Debian's qpdf writes each: AES-256 (R6), AES-128 and RC4-128 (R4/R3), RC4-40 (R2).
  const kinds: [string, string[]][] = [
    ['AES-256', ['256']],
    ['AES-128', ['128', '--use-aes=y']],
    ['RC4-128', ['128', '--use-aes=n']],
    ['RC4-40', ['40']],
  ];

  test.each(kinds)(
    '%s: decrypted and copied, the words readable in the bundle, no encryption carried over',
    async (_label, args) => {
      const source = await kitPdf([{ text: 'Official letter page one' }, { text: 'Official letter page two' }]);
      const locked = ownerLocked(source, args);
      expect(await inspectPdf(locked)).toEqual({ ok: true, pages: 2 });
      const { file } = await written(async (w) => {
        await w.append(await kitPdf([{ text: 'Index' }]));
        await w.append(locked);
        await w.finish({ outline: [{ title: 'Letter', page: 2 }] });
      });
      expectValid(file, 3);
      expect(pageText(file, 2)).toMatch(/Official letter page one/);
      expect(pageText(file, 3)).toMatch(/Official letter page two/);
      expect(execFileSync('qpdf', ['--show-encryption', file], { encoding: 'utf8' })).toMatch(/File is not encrypted/);
    },
  );

  test('a file that needs a password to open stays refused as encrypted', async () => {
    expect(await inspectPdf(encrypted(await kitPdf([{ text: 'Secret' }]), 'user'))).toEqual({
      ok: false,
      reason: 'encrypted',
    });
  });
});

function ownerLocked(pdf: Buffer, args: string[]): Buffer {
  const output = tempPath('pdf');
  execFileSync('qpdf', ['--allow-weak-crypto', '--encrypt', '', 'owner-only', ...args, '--', tempFile(pdf), output]);
  return fs.readFileSync(output);
}

describe('unreadable inputs', () => {
  const cases: [string, () => Promise<Uint8Array>, 'encrypted' | 'damaged'][] = [
    ['encrypted with a password', async () => encrypted(await kitPdf([{ text: 'Secret' }])), 'encrypted'],
    ['random bytes', async () => crypto.randomBytes(4000), 'damaged'],
    ['a PDF header and nothing else', async () => Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'damaged'],
    [
      'cut off half-way',
      async () => (await kitPdf([{ text: 'Cut', image: await jpeg(800, 600) }])).subarray(0, 8000),
      'damaged',
    ],
    ['with no pages', async () => (await PDFDocument.create()).save({ addDefaultPage: false }), 'damaged'],
    ['whose page content is missing', missingContent, 'damaged'],
    [
      'whose page content stream is corrupt',
      async () => corrupt(await kitPdf([{ text: 'Garbled' }]), 'content'),
      'damaged',
    ],
  ];

  // pdf-lib reports the objects it skips on console.warn; the writer's answer is the error.
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test.each(cases)('%s: inspectPdf says why', async (_label, make, reason) => {
    expect(await inspectPdf(await make())).toEqual({ ok: false, reason });
  });

  test('are refused before anything is written, and the bundle carries on', async () => {
    const inputs = await Promise.all(
      cases.map(async ([label, make, reason]) => ({ label, bytes: await make(), reason })),
    );
    const before = await kitPdf([{ text: 'Before' }]);
    const after = await kitPdf([{ text: 'After' }]);
    let size = 0;
    const { file } = await written(async (w) => {
      await w.append(before);
      for (const input of inputs) {
        const error = await w.append(input.bytes).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(UnreadablePdfError);
        expect((error as UnreadablePdfError).reason).toBe(input.reason);
        expect(w.pageCount).toBe(1);
      }
      await w.append(after);
      size = (await w.finish({ outline: [{ title: 'After', page: 2 }] })).bytes;
    });
    expectValid(file, 2);
    expect(pageText(file, 2)).toContain('After');
    expect(pageText(file, 2)).toContain('Page 2');
    // Byte for byte the size of the same bundle made without the refused inputs: nothing of them was written.
    const { bytes: clean } = await written(async (w) => {
      await w.append(before);
      await w.append(after);
      await w.finish({ outline: [{ title: 'After', page: 2 }] });
    });
    expect(size).toBe(clean.length);
  });

  // pdf-lib steps over what it cannot parse one byte at a time (~1.5 s per MB, blocking the server).
  test('a file that is mostly not PDF is called damaged once the recovery budget is spent, not after scanning it all', async () => {
    const junk = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      crypto.randomBytes(2 * 1024 * 1024),
      Buffer.from('\n%%EOF\n'),
    ]);
    expect(await inspectPdf(junk)).toEqual({ ok: false, reason: 'damaged' });
    const { file } = await written(async (w) => {
      const error = await w.append(junk).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnreadablePdfError);
      expect((error as Error).message).toContain(`more than ${MAX_UNPARSED_BYTES / 1024} KB of it is not PDF`);
      await w.append(await kitPdf([{ text: 'After' }]));
      await w.finish({ outline: [] });
    });
    expectValid(file, 1);
  });

  test('stray bytes after the end of a readable PDF are stepped over, within the budget', async () => {
    const pattern = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 251));
    const pdf = Buffer.from(await kitPdf([{ text: 'Kept' }, { text: 'Also kept' }]));
    expect(await inspectPdf(Buffer.concat([pdf, pattern(20 * 1024)]))).toEqual({ ok: true, pages: 2 });
    expect(await inspectPdf(Buffer.concat([pdf, pattern(MAX_UNPARSED_BYTES + 4096)]))).toEqual({
      ok: false,
      reason: 'damaged',
    });
  });

  test('a readable PDF passes inspection with its page count', async () => {
    expect(await inspectPdf(await treePdf(['a', 'b', 'c']))).toEqual({ ok: true, pages: 3 });
    expect(
      await inspectPdf(
        await kitPdf([
          { text: 'Photo', image: await jpeg() },
          { text: 'Picture', image: await png() },
        ]),
        { deep: true },
      ),
    ).toEqual({ ok: true, pages: 2 });
  });

  test('a corrupt image is found by the deep pre-flight, which decodes it (the build does not)', async () => {
    const pdf = corrupt(await kitPdf([{ text: 'Photo', image: await jpeg() }]), 'jpeg');
    expect(await inspectPdf(pdf)).toEqual({ ok: true, pages: 1 });
    expect(await inspectPdf(pdf, { deep: true })).toEqual({ ok: false, reason: 'damaged' });
    // The reason it matters: qpdf --check complains about the bundle such a file is copied into.
    const { file } = await written(async (w) => {
      await w.append(pdf);
      await w.finish({ outline: [] });
    });
    expect(qpdfCheck(file).ok).toBe(false);
  });
});

describe('misuse is an error, not a broken file', () => {
  test('fill() with the wrong number of pages throws, and the reservation stays open', async () => {
    const out = new MemoryOutput();
    const w = createBundleWriter(out, { info });
    const slot = w.reserve(2);
    await expect(w.fill(slot, await kitPdf([{ text: 'one' }]))).rejects.toThrow(
      /2 page\(s\) were reserved at page 1, but the PDF has 1/,
    );
    await expect(w.finish({ outline: [] })).rejects.toThrow(/reserved page\(s\) 1–2 were never filled/);
    await w.fill(slot, await kitPdf([{ text: 'one' }, { text: 'two' }]));
    await expect(w.fill(slot, await kitPdf([{ text: 'one' }, { text: 'two' }]))).rejects.toThrow(
      /not an unfilled reservation/,
    );
    await w.finish({ outline: [] });
    const file = tempFile(out.bytes());
    expectValid(file, 2);
  });

  test('links and bookmarks must point inside the bundle; calls must not overlap', async () => {
    const w = createBundleWriter(new MemoryOutput(), { info });
    const one = await kitPdf([{ text: 'one' }]);
    await expect(w.append(one, { links: [{ page: 2, rect: [0, 0, 10, 10], target: 1 }] })).rejects.toThrow(
      /on page 2 of a PDF with 1/,
    );
    expect(w.pageCount).toBe(0);
    await w.append(one, { links: [{ page: 1, rect: [0, 0, 10, 10], target: 9 }] });
    await expect(w.finish({ outline: [] })).rejects.toThrow(/points to page 9, but the bundle has 1 pages/);
    const busy = w.append(one);
    expect(() => w.reserve(1)).toThrow(/one call at a time/);
    await busy;
    const v = createBundleWriter(new MemoryOutput(), { info });
    await v.append(one);
    await expect(v.finish({ outline: [{ title: 'Nowhere', page: 3 }] })).rejects.toThrow(/"Nowhere" points to page 3/);
    await v.finish({ outline: [] });
    await expect(v.append(one)).rejects.toThrow(/already finished/);
  });
});

test('a stamp function that throws leaves the bundle as it was', async () => {
  const out = new MemoryOutput();
  const w = createBundleWriter(out, {
    info,
    stamp: (n) => {
      if (n === 2) throw new Error('no stamp for page 2');
      return `Page ${n}`;
    },
  });
  await w.append(await kitPdf([{ text: 'one' }]));
  await expect(w.append(await kitPdf([{ text: 'two' }]))).rejects.toThrow('no stamp for page 2');
  expect(w.pageCount).toBe(1);
  await w.finish({ outline: [] });
  expectValid(tempFile(out.bytes()), 1);
});

test('the stamp can be any text; characters Helvetica cannot show become "?"', async () => {
  const { file } = await written(
    async (w) => {
      await w.append(await kitPdf([{ text: 'Custom' }, { text: 'Stamp' }]));
      await w.finish({ outline: [] });
    },
    { stamp: (n) => `Bundle p. ${n} – Łódź` },
  );
  expectValid(file, 2);
  expect(pageText(file, 2)).toContain('Bundle p. 2 – ?ód?');
  expectStampInCorner(file, 2, 'Bundle p. 2');
});

test('a page that leaves its graphics state changed (scaled, clipped, white) still shows its number in the corner', async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([400, 300]);
  page.drawText('Messy page', { x: 20, y: 260, size: 12, font });
  await doc.flush();
  // No q/Q: scale by 5, clip to a small square, fill white — all left in force at the end.
  const messy = doc.context.register(doc.context.stream('5 0 0 5 0 0 cm 0 0 10 10 re W n 1 1 1 rg 1 1 1 RG 3 Tr'));
  const contents = page.node.get(PDFName.of('Contents'))!;
  page.node.set(
    PDFName.of('Contents'),
    doc.context.obj([...((doc.context.lookup(contents) as { asArray?: () => [] }).asArray?.() ?? [contents]), messy]),
  );
  const { file } = await written(async (w) => {
    await w.append(await doc.save());
    await w.finish({ outline: [] });
  });
  expectValid(file, 1);
  expect(pageText(file, 1)).toContain('Page 1');
  expectStampInCorner(file, 1);
});

test('load() and appendFrom(): pages taken one by one share one copy of their font', async () => {
  const dividers = await kitPdf([{ text: 'Divider one' }, { text: 'Divider two' }, { text: 'Divider three' }]);
  const exhibit = await kitPdf([{ text: 'Exhibit' }]);
  const { file, bytes } = await written(async (w) => {
    const own = await w.load(dividers);
    expect(own.pageCount).toBe(3);
    expect(await w.appendFrom(own, [2])).toEqual({ first: 1, count: 1 });
    await w.append(exhibit);
    expect(await w.appendFrom(own, [3, 1], { links: [{ page: 2, rect: [10, 10, 50, 50], target: 2 }] })).toEqual({
      first: 3,
      count: 2,
    });
    await expect(w.appendFrom(own, [4])).rejects.toThrow(/pages must be 1–3/);
    await expect(w.load(crypto.randomBytes(100))).rejects.toThrow(UnreadablePdfError);
    await w.finish({ outline: [] });
  });
  expectValid(file, 4);
  ['Divider two', 'Exhibit', 'Divider three', 'Divider one'].forEach((text, i) =>
    expect(pageText(file, i + 1)).toMatch(new RegExp(`${text}[\\s\\S]*Page ${i + 1}`)),
  );
  const back = await readBack(bytes);
  expect(back.links[3]).toEqual([{ rect: [10, 10, 50, 50], target: 2, uri: undefined }]);
  // DejaVu embedded twice: once for the three dividers, once for the exhibit.
  expect(bytes.toString('latin1').match(/\/FontFile2/g)).toHaveLength(2);
});

test('fillFrom(): a reservation filled with pages of a loaded PDF, links counted within them', async () => {
  // As the bundle does: manifest and index drawn as one document; the manifest goes at the end, the index in its slot.
  const closing = await kitPdf([{ text: 'Manifest page' }, { text: 'Index one' }, { text: 'Index two' }]);
  const { file, bytes } = await written(async (w) => {
    await w.append(await kitPdf([{ text: 'Cover' }]));
    const slot = w.reserve(2);
    await w.append(await kitPdf([{ text: 'Exhibit' }]));
    const own = await w.load(closing);
    await w.appendFrom(own, [1]);
    await expect(w.fillFrom(slot, own, [2])).rejects.toThrow(/2 page\(s\) were reserved at page 2, but 1 were given/);
    await expect(w.fillFrom(slot, own, [2, 9])).rejects.toThrow(/pages must be 1–3/);
    await w.fillFrom(slot, own, [2, 3], { links: [{ page: 2, rect: [10, 10, 50, 50], target: 5 }] });
    await expect(w.fillFrom(slot, own, [2, 3])).rejects.toThrow(/not an unfilled reservation/);
    await w.finish({ outline: [] });
  });
  expectValid(file, 5);
  ['Cover', 'Index one', 'Index two', 'Exhibit', 'Manifest page'].forEach((text, i) =>
    expect(pageText(file, i + 1)).toMatch(new RegExp(`${text}[\\s\\S]*Page ${i + 1}`)),
  );
  const back = await readBack(bytes);
  expect(back.links[2]).toEqual([{ rect: [10, 10, 50, 50], target: 5, uri: undefined }]); // on bundle page 3, the index's second page
  // The loaded document's font is written once for its three pages.
  expect(bytes.toString('latin1').match(/\/FontFile2/g)).toHaveLength(3);
});

test('back-pressure: a slow output is never handed much more than the writer’s soft limit', async () => {
  const big = await kitPdf([{ text: 'Big picture', image: await noisePng(600, 500) }]);
  expect(big.length).toBeGreaterThan(800_000);
  const out = new MemoryOutput({ delayMs: 5 });
  const finished = new Promise((resolve) => out.on('finish', resolve));
  const w = createBundleWriter(out, { info });
  for (let i = 0; i < 20; i++) await w.append(big);
  const { bytes } = await w.finish({ outline: [] });
  out.end();
  await finished;
  expect(bytes).toBeGreaterThan(20 * 800_000);
  expect(out.maxBuffered).toBeLessThan(8 * 2 ** 20 + 2 * big.length);
  const file = tempFile(out.bytes());
  expectValid(file, 20);
  expect(pageText(file, 20)).toContain('Page 20');
});

test('the writer keeps nothing of an input once its pages are written', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  // Freed buffers' memory is returned by a background task: let the event loop turn around it.
  const settled = async () => {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  // ~0.5 MB of image per input: 60 inputs would hold ~30 MB if any of them were kept.
  const input = await kitPdf([{ text: 'Photo', image: await jpeg(1600, 1200) }, { text: 'Text' }]);
  expect(input.length * 60).toBeGreaterThan(20 * 2 ** 20);
  const w = createBundleWriter(new MemoryOutput({ discard: true }), { info });
  await w.append(input);
  const before = await settled();
  // A fresh copy each time, as each exhibit is decrypted into its own buffer (pdf-lib's parsed
  // streams are views of the buffer they were parsed from).
  for (let i = 0; i < 60; i++) await w.append(new Uint8Array(input));
  expect((await settled()) - before).toBeLessThan(4 * 2 ** 20);
});
