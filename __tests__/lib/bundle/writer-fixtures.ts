import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  StandardFonts,
  rgb,
  type PDFObject,
} from '@cantoo/pdf-lib';
import PDFKit from 'pdfkit';
import sharp from 'sharp';
import { pdfFonts } from '@/lib/pdf/fonts';

// Inputs for the bundle writer made the ways real evidence is made (pdfkit like the app's own
// PDFs; pdf-lib with the page-tree shapes other producers use), and the outputs read back with the
// real tools: qpdf, pdfinfo, pdftotext, and pdf-lib for the links and bookmarks.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-writer-'));
export const removeTempFiles = () => fs.rmSync(dir, { recursive: true, force: true });
export const tempPath = (ext: string) => path.join(dir, `${crypto.randomBytes(6).toString('hex')}.${ext}`);
export function tempFile(bytes: Uint8Array, ext = 'pdf'): string {
  const file = tempPath(ext);
  fs.writeFileSync(file, bytes);
  return file;
}

// ------------------------------------------------------------------ inputs

export type KitPage = {
  text: string;
  size?: 'A4' | 'LETTER' | 'A5' | [number, number];
  layout?: 'portrait' | 'landscape';
  rotate?: 90 | 180 | 270;
  image?: Buffer;
  /** A link on the page to a web address (kept) and one to another page of the same PDF (dropped). */
  links?: boolean;
};

/** A PDF made by pdfkit with DejaVu Sans, one entry per page; the text is drawn at the top left. */
export function kitPdf(pages: KitPage[]): Promise<Buffer> {
  const fonts = pdfFonts();
  const doc = new PDFKit({ autoFirstPage: false, font: fonts.regular as unknown as string });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const p of pages) {
    doc.addPage({ size: p.size ?? 'A4', layout: p.layout ?? 'portrait', margin: 40 });
    if (p.rotate) (doc.page.dictionary.data as Record<string, unknown>).Rotate = p.rotate;
    doc.fontSize(14).text(p.text, 50, 50);
    if (p.image) doc.image(p.image, 50, 90, { fit: [doc.page.width - 100, doc.page.height - 200] });
    if (p.links) {
      doc.link(50, 50, 100, 20, 'https://example.org/evidence');
      doc.goTo(50, 50, 100, 20, 'somewhere');
      doc.addNamedDestination('somewhere');
    }
  }
  doc.end();
  return done;
}

export const jpeg = (width = 640, height = 480): Promise<Buffer> =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: 180, g: 120, b: 60 },
      noise: { type: 'gaussian', mean: 120, sigma: 20 },
    },
  })
    .jpeg({ quality: 70 })
    .toBuffer();
export const png = (width = 400, height = 300) =>
  sharp({ create: { width, height, channels: 4, background: { r: 20, g: 120, b: 200, alpha: 0.8 } } })
    .png()
    .toBuffer();
/** A PNG of noise: pdfkit stores it Flate-compressed at about its raw size (qpdf --check is slow on big JPEGs, not on this). */
export const noisePng = (width: number, height: number) =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();

/**
 * pdf-lib page-tree shapes other producers use:
 * - page 1: its Resources, MediaBox and Rotate inherited from an intermediate /Pages node;
 * - page 2: Resources and its /Font dictionary as indirect objects, and a MediaBox and CropBox
 *   not at the origin;
 * - page 3: Contents as an array of two streams.
 * pdf-lib saves with object streams and a cross-reference stream.
 */
export async function treePdf(texts: [string, string, string]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const { context } = doc;
  const [first, second, third] = [doc.addPage([595, 842]), doc.addPage([612, 792]), doc.addPage([500, 500])];
  first.drawText(texts[0], { x: 60, y: 760, size: 14, font });
  second.drawText(texts[1], { x: 180, y: 700, size: 14, font, color: rgb(0, 0, 0) });
  third.drawText(texts[2], { x: 40, y: 440, size: 14, font });

  // Page 1: move its Resources and MediaBox up to a new intermediate Pages node, with /Rotate 90.
  const root = doc.catalog.get(PDFName.of('Pages')) as PDFRef;
  const rootDict = context.lookup(root, PDFDict);
  const mid = context.obj({ Type: 'Pages', Parent: root, Kids: [first.ref], Count: 1 });
  const midRef = context.register(mid);
  mid.set(PDFName.of('Resources'), first.node.get(PDFName.of('Resources'))!);
  mid.set(PDFName.of('MediaBox'), first.node.get(PDFName.of('MediaBox'))!);
  mid.set(PDFName.of('Rotate'), PDFNumber.of(90));
  first.node.delete(PDFName.of('Resources'));
  first.node.delete(PDFName.of('MediaBox'));
  first.node.set(PDFName.of('Parent'), midRef);
  rootDict.set(PDFName.of('Kids'), context.obj([midRef, second.ref, third.ref]));

  // Page 2: indirect Resources and Font dictionaries; boxes away from the origin.
  const resources = second.node.get(PDFName.of('Resources')) as PDFDict;
  const fonts = resources.get(PDFName.of('Font')) as PDFObject;
  resources.set(PDFName.of('Font'), context.register(fonts));
  second.node.set(PDFName.of('Resources'), context.register(resources));
  second.node.set(PDFName.of('MediaBox'), context.obj([100, 50, 712, 842]));
  second.node.set(PDFName.of('CropBox'), context.obj([150, 80, 700, 800]));

  // Page 3: a second content stream, drawing with the font the first one uses.
  await doc.flush();
  const fontKey = third.node.Resources()!.lookup(PDFName.of('Font'), PDFDict).keys()[0]!.asString();
  const more = context.register(context.stream(`BT ${fontKey} 14 Tf 40 400 Td (second stream) Tj ET`));
  const contents = context.lookup(third.node.get(PDFName.of('Contents')));
  const list = contents instanceof PDFArray ? contents.asArray() : [third.node.get(PDFName.of('Contents'))!];
  third.node.set(PDFName.of('Contents'), context.obj([...list, more]));
  return Buffer.from(await doc.save());
}

/** The same file encrypted by qpdf (AES-256); `user` '' makes a PDF that opens without asking but is still encrypted. */
export function encrypted(pdf: Buffer, user = 'user'): Buffer {
  const input = tempFile(pdf);
  const output = tempPath('pdf');
  execFileSync('qpdf', ['--encrypt', user, 'owner', '256', '--', input, output]);
  return fs.readFileSync(output);
}

/**
 * A pdfkit PDF with corrupt stream data but an intact structure: bytes flipped inside its first
 * page content stream (pdfkit writes `<< /Length n /Filter /FlateDecode >>`), or its JPEG's first
 * quantisation table given an index that does not exist (libjpeg: "Bogus DQT index").
 */
export function corrupt(pdf: Buffer, where: 'content' | 'jpeg'): Buffer {
  const text = pdf.toString('latin1');
  const dict =
    where === 'content'
      ? /<<\n\/Length \d+\n\/Filter \/FlateDecode\n>>\nstream\n/.exec(text)
      : /\/Filter \/DCTDecode\n\/Length \d+\n>>\nstream\n/.exec(text);
  if (!dict) throw new Error(`No ${where} stream found`);
  const start = dict.index + dict[0].length;
  const out = Buffer.from(pdf);
  if (where === 'content') for (let i = start + 4; i < start + 40; i++) out[i]! ^= 0x5a;
  else {
    if (out[start + 2] !== 0xff || out[start + 3] !== 0xdb)
      throw new Error('The JPEG does not start with its quantisation table');
    out[start + 6] = 0x0f; // FF D8, FF DB, length (2 bytes), then precision/index: table 15
  }
  return out;
}

// ------------------------------------------------------------------ outputs

/** Collects what the writer writes; optionally slow, to exercise back-pressure. */
export class MemoryOutput extends Writable {
  chunks: Buffer[] = [];
  maxBuffered = 0;
  size = 0;
  constructor(private readonly opts: { delayMs?: number; discard?: boolean } = {}) {
    super({ highWaterMark: 16_384 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.size += chunk.length;
    if (!this.opts.discard) this.chunks.push(chunk);
    if (this.opts.delayMs) setTimeout(() => cb(), this.opts.delayMs);
    else cb();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** `qpdf --check`: exit 0 (2 = errors, 3 = warnings) and nothing that says WARNING. */
export function qpdfCheck(file: string): { ok: boolean; output: string } {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  return { ok: r.status === 0 && !/WARNING/i.test(output), output };
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

export const pageText = (file: string, page: number) =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });

export type Word = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };
/**
 * Words of one page with their boxes as pdftotext -bbox reports them: in the page's visible area
 * (its CropBox) as shown (rotation applied), origin top left. pdftotext prints the unrotated size,
 * so width and height are swapped here for pages that pdfinfo says are turned by 90 or 270 degrees.
 */
export function pageWords(file: string, page: number): { width: number; height: number; words: Word[] } {
  const html = execFileSync('pdftotext', ['-bbox', '-cropbox', '-f', String(page), '-l', String(page), file, '-'], {
    encoding: 'utf8',
  });
  const rotation = Number(
    /rot:\s+(\d+)/.exec(
      execFileSync('pdfinfo', ['-f', String(page), '-l', String(page), file], { encoding: 'utf8' }),
    )?.[1],
  );
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(html);
  const words = [
    ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!,
  }));
  const [w, h] = [Number(size?.[1]), Number(size?.[2])];
  return rotation % 180 ? { width: h, height: w, words } : { width: w, height: h, words };
}

/** What pdf-lib reads back: each page's link destinations and the outline, as 1-based page numbers. */
export async function readBack(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context } = doc;
  const pageRefs = doc.getPages().map((p) => p.ref);
  const pageOf = (dest: PDFObject | undefined) => {
    const array = context.lookup(dest);
    const first = array instanceof PDFArray ? array.get(0) : undefined;
    const i = first instanceof PDFRef ? pageRefs.indexOf(first) : -1;
    return i < 0 ? undefined : i + 1;
  };
  const links = doc.getPages().map((page) => {
    const annots = context.lookup(page.node.get(PDFName.of('Annots')));
    if (!(annots instanceof PDFArray)) return [];
    return annots.asArray().flatMap((a) => {
      const annot = context.lookup(a);
      if (!(annot instanceof PDFDict) || annot.get(PDFName.of('Subtype')) !== PDFName.of('Link')) return [];
      const rect = context
        .lookup(annot.get(PDFName.of('Rect')), PDFArray)
        .asArray()
        .map((n) => (n as PDFNumber).asNumber());
      const action = context.lookup(annot.get(PDFName.of('A')));
      const uri = action instanceof PDFDict ? (action.get(PDFName.of('URI')) as PDFString).decodeText() : undefined;
      return [{ rect, target: pageOf(annot.get(PDFName.of('Dest'))), uri }];
    });
  });
  type Bookmark = { title: string; page: number | undefined; children: Bookmark[] };
  const items = (first: PDFObject | undefined): Bookmark[] => {
    const list: Bookmark[] = [];
    for (
      let item = context.lookup(first);
      item instanceof PDFDict;
      item = context.lookup(item.get(PDFName.of('Next')))
    ) {
      const title = item.get(PDFName.of('Title')) as PDFString | PDFHexString;
      list.push({
        title: title.decodeText(),
        page: pageOf(item.get(PDFName.of('Dest'))),
        children: items(item.get(PDFName.of('First'))),
      });
    }
    return list;
  };
  const outlines = context.lookup(doc.catalog.get(PDFName.of('Outlines')));
  const outline = outlines instanceof PDFDict ? items(outlines.get(PDFName.of('First'))) : [];
  // Every page object in the file, reachable or not: a stray copy of a source page would show here.
  const pageObjects = context
    .enumerateIndirectObjects()
    .filter(([, o]) => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('Page')).length;
  return { pageCount: doc.getPageCount(), links, outline, pageObjects, catalog: doc.catalog };
}
