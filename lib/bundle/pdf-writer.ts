import { PDFRawStream } from '@cantoo/pdf-lib';
import { planCopy, type InputPlan } from './pdf-writer/copy-plan';
import { UnreadablePdfError } from './pdf-writer/errors';
import { readPdf, type SourcePdf } from './pdf-writer/read-pdf';
import { checkAnyStream } from './pdf-writer/stream-data';
import {
  checkLinks,
  checkOutline,
  infoDict,
  linkAnnot,
  pageDict,
  visibleBox,
  xrefAndTrailer,
} from './pdf-writer/objects';
import { Sink, serialize, serializeStreamDict, type RefNumbers } from './pdf-writer/serialize';
import { STAMP_FONT_OBJECT, stampContent } from './pdf-writer/stamp';
import { writeOutline } from './pdf-writer/outline';

// The bundle's PDF, written as it is assembled (docs/decisions/0009). Each input is parsed once,
// the objects its pages reach are renumbered and serialised straight to the output, and the parsed
// input is dropped before the next one is read; only object offsets and page object numbers are
// kept. The page tree, outline, info, catalog, cross-reference table and trailer come last.

export { UnreadablePdfError };
export type OutlineEntry = { title: string; page: number; children?: OutlineEntry[] };
/** A link on a page of the PDF being added: `page` is 1-based within that PDF; `rect` in PDF points, origin bottom-left; `target` is the absolute 1-based page of the bundle. */
export type LinkSpec = { page: number; rect: [number, number, number, number]; target: number };
export type Slot = { first: number; count: number };
export type BundleInfo = { title: string; author: string; subject: string; keywords?: string };
/** A PDF parsed once by load(), to take pages from several times with appendFrom(). */
export type LoadedPdf = { readonly pageCount: number };

// `interface` (not `type`) as the lead's contract has it: a class implements it.
export interface BundleWriter {
  /** Pages placed or reserved so far (the next page appended is pageCount + 1). */
  readonly pageCount: number;
  /** Keeps `count` pages at the current position, to be filled later with fill() (e.g. the index). */
  reserve(count: number): Slot;
  /** Copies every page of `pdf` to the end, stamped. Throws UnreadablePdfError before writing anything. */
  append(pdf: Uint8Array, opts?: { links?: LinkSpec[] }): Promise<{ first: number; count: number }>;
  /** Fills a reservation; the PDF must have exactly slot.count pages. Links may target any page (including later ones). */
  fill(slot: Slot, pdf: Uint8Array, opts?: { links?: LinkSpec[] }): Promise<void>;
  /** Writes the page tree, outline, info, catalog, xref and trailer; every reservation must be filled. */
  finish(opts: { outline: OutlineEntry[] }): Promise<{ pageCount: number; bytes: number }>;
  /**
   * Addition to the contract: parses a PDF once (throwing UnreadablePdfError as append() would) so
   * that appendFrom() can take pages from it several times — e.g. every divider rendered as one
   * pdfkit document. Objects those pages share (the embedded font) are written once, not per call.
   * Held until the caller drops it.
   */
  load(pdf: Uint8Array): Promise<LoadedPdf>;
  /** Copies the given pages (1-based, in this order) of a loaded PDF to the end, stamped; link `page`s count within this selection. */
  appendFrom(
    source: LoadedPdf,
    pages: number[],
    opts?: { links?: LinkSpec[] },
  ): Promise<{ first: number; count: number }>;
  /** fill() from pages of a loaded PDF: exactly slot.count of them; link `page`s count within this selection. */
  fillFrom(slot: Slot, source: LoadedPdf, pages: number[], opts?: { links?: LinkSpec[] }): Promise<void>;
}

// Object numbers fixed up front; the catalog and the page tree are written at the end.
const CATALOG = 1;
const PAGES = 2;
const STAMP_FONT = 3;
const OPEN_Q = 4; // a shared `q` stream put before each page's own content

/**
 * Starts a bundle on `out`. Calls are sequential (await each one). finish() does not end `out`:
 * the caller owns the stream and ends it (and waits for it to finish) after finish() resolves.
 */
export function createBundleWriter(
  out: NodeJS.WritableStream,
  opts: { info: BundleInfo; stamp?: (page: number) => string },
): BundleWriter {
  return new StreamingBundleWriter(out, opts.info, opts.stamp ?? ((n) => `Page ${n}`));
}

/**
 * For pre-flight: does this PDF open, and how many pages? (No writing.) The same checks as
 * append(); with `deep` (an addition to the contract) also every stream's data, images included —
 * slower, so for an upload or a pre-flight rather than the build itself.
 */
export async function inspectPdf(
  bytes: Uint8Array,
  opts: { deep?: boolean } = {},
): Promise<{ ok: true; pages: number } | { ok: false; reason: 'encrypted' | 'damaged' }> {
  try {
    const plan = await readAndPlan(bytes, 1);
    if (opts.deep) {
      await unreadableOnError(async () => {
        for (const ref of plan.order) {
          const obj = plan.context.lookup(ref);
          if (obj instanceof PDFRawStream) await checkAnyStream(obj);
        }
      });
    }
    return { ok: true, pages: plan.pages.length };
  } catch (err) {
    if (err instanceof UnreadablePdfError) return { ok: false, reason: err.reason };
    throw err;
  }
}

function readAndPlan(bytes: Uint8Array, firstNumber: number): Promise<InputPlan> {
  return unreadableOnError(async () => planCopy(await readPdf(bytes), firstNumber));
}

async function unreadableOnError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UnreadablePdfError) throw err;
    // pdf-lib meeting a structure it cannot handle: the input is unusable, the bundle is not.
    throw new UnreadablePdfError(
      'damaged',
      `The PDF could not be read (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
}

class Loaded implements LoadedPdf {
  constructor(
    readonly writer: StreamingBundleWriter,
    readonly source: SourcePdf,
    public written: RefNumbers = new Map(),
  ) {}

  get pageCount(): number {
    return this.source.pages.length;
  }
}

/** The loaded PDF behind `source`, once it is known to be this writer's and `pages` are its own. */
function checkSelection(call: string, writer: StreamingBundleWriter, source: LoadedPdf, pages: number[]): Loaded {
  if (!(source instanceof Loaded) || source.writer !== writer)
    throw new Error(`${call}(): the PDF was not loaded by this writer.`);
  if (!pages.length || !pages.every((p) => Number.isInteger(p) && p >= 1 && p <= source.pageCount)) {
    throw new RangeError(`${call}(): pages must be 1–${source.pageCount}, got [${pages.join(', ')}].`);
  }
  return source;
}

class StreamingBundleWriter implements BundleWriter {
  private readonly sink: Sink;
  private readonly offsets: number[] = [];
  private next = OPEN_Q + 1;
  private pages = 0;
  /** Output object number of each bundle page, allocated on first need (a link may point ahead). */
  private readonly pageObjects = new Map<number, number>();
  private readonly unfilled = new Map<number, Slot>();
  private busy = false;
  private finished = false;

  constructor(
    out: NodeJS.WritableStream,
    private readonly info: BundleInfo,
    private readonly stamp: (page: number) => string,
  ) {
    this.sink = new Sink(out);
    this.sink.text('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    this.object(STAMP_FONT, STAMP_FONT_OBJECT);
    this.stream(OPEN_Q, '<< /Length 2 >>', Buffer.from('q\n'));
  }

  get pageCount(): number {
    return this.pages;
  }

  reserve(count: number): Slot {
    this.assertUsable();
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`reserve(${count}): the count must be a whole number of pages, at least 1.`);
    const slot = { first: this.pages + 1, count };
    this.pages += count;
    this.unfilled.set(slot.first, slot);
    return { ...slot };
  }

  append(pdf: Uint8Array, opts?: { links?: LinkSpec[] }): Promise<{ first: number; count: number }> {
    return this.exclusive(async () => {
      const plan = await readAndPlan(pdf, this.next);
      const links = opts?.links ?? [];
      checkLinks(links, plan.pages.length);
      const first = this.pages + 1;
      const stamps = this.stampsFor(first, plan.pages.length);
      this.pages += plan.pages.length;
      await this.writeInput(plan, first, stamps, links);
      return { first, count: plan.pages.length };
    });
  }

  fill(slot: Slot, pdf: Uint8Array, opts?: { links?: LinkSpec[] }): Promise<void> {
    return this.exclusive(async () => {
      const open = this.openSlot('fill', slot);
      const plan = await readAndPlan(pdf, this.next);
      if (plan.pages.length !== open.count) {
        throw new RangeError(
          `fill(): ${open.count} page(s) were reserved at page ${open.first}, but the PDF has ${plan.pages.length}.`,
        );
      }
      await this.writeIntoSlot(open, plan, opts?.links ?? []);
    });
  }

  load(pdf: Uint8Array): Promise<LoadedPdf> {
    return this.exclusive(async () => {
      const source = await unreadableOnError(() => readPdf(pdf));
      await unreadableOnError(async () => planCopy(source, 1)); // every page's objects are there
      return new Loaded(this, source);
    });
  }

  appendFrom(
    source: LoadedPdf,
    pages: number[],
    opts?: { links?: LinkSpec[] },
  ): Promise<{ first: number; count: number }> {
    return this.exclusive(async () => {
      const loaded = checkSelection('appendFrom', this, source, pages);
      const plan = await unreadableOnError(async () =>
        planCopy(loaded.source, this.next, { pages, written: loaded.written }),
      );
      const links = opts?.links ?? [];
      checkLinks(links, pages.length);
      const first = this.pages + 1;
      const stamps = this.stampsFor(first, pages.length);
      this.pages += pages.length;
      loaded.written = plan.numbers;
      await this.writeInput(plan, first, stamps, links);
      return { first, count: pages.length };
    });
  }

  fillFrom(slot: Slot, source: LoadedPdf, pages: number[], opts?: { links?: LinkSpec[] }): Promise<void> {
    return this.exclusive(async () => {
      const open = this.openSlot('fillFrom', slot);
      const loaded = checkSelection('fillFrom', this, source, pages);
      if (pages.length !== open.count)
        throw new RangeError(
          `fillFrom(): ${open.count} page(s) were reserved at page ${open.first}, but ${pages.length} were given.`,
        );
      const plan = await unreadableOnError(async () =>
        planCopy(loaded.source, this.next, { pages, written: loaded.written }),
      );
      await this.writeIntoSlot(open, plan, opts?.links ?? []);
      loaded.written = plan.numbers;
    });
  }

  /** The unfilled reservation `slot` names, or an error naming the call. */
  private openSlot(call: string, slot: Slot): Slot {
    const open = this.unfilled.get(slot.first);
    if (!open || open.count !== slot.count)
      throw new Error(`${call}(): pages ${slot.first}+${slot.count} are not an unfilled reservation.`);
    return open;
  }

  /** Writes a planned input into an open reservation; nothing is written or marked filled if a check throws. */
  private async writeIntoSlot(open: Slot, plan: InputPlan, links: LinkSpec[]): Promise<void> {
    checkLinks(links, plan.pages.length);
    const stamps = this.stampsFor(open.first, open.count);
    this.unfilled.delete(open.first);
    await this.writeInput(plan, open.first, stamps, links);
  }

  finish(opts: { outline: OutlineEntry[] }): Promise<{ pageCount: number; bytes: number }> {
    return this.exclusive(async () => {
      // Everything is checked before the closing objects are written.
      const open = [...this.unfilled.values()].map((s) =>
        s.count === 1 ? `${s.first}` : `${s.first}–${s.first + s.count - 1}`,
      );
      if (open.length) throw new Error(`finish(): reserved page(s) ${open.join(', ')} were never filled.`);
      if (this.pages === 0) throw new Error('finish(): the bundle has no pages.');
      for (const page of this.pageObjects.keys()) {
        if (page > this.pages)
          throw new RangeError(`A link points to page ${page}, but the bundle has ${this.pages} pages.`);
      }
      checkOutline(opts.outline, this.pages);

      const kids = Array.from({ length: this.pages }, (_, i) => `${this.pageObject(i + 1)} 0 R`);
      this.object(PAGES, `<< /Type /Pages /Count ${this.pages} /Kids [${kids.join(' ')}] >>`);
      const outline = opts.outline.length
        ? writeOutline(opts.outline, {
            allocate: () => this.next++,
            pageObject: (p) => this.pageObject(p),
            object: (n, body) => this.object(n, body),
          })
        : undefined;
      const info = this.next++;
      this.object(info, infoDict(this.info));
      this.object(
        CATALOG,
        `<< /Type /Catalog /Pages ${PAGES} 0 R${outline ? ` /Outlines ${outline} 0 R /PageMode /UseOutlines` : ''} /ViewerPreferences << /DisplayDocTitle true >> /Lang (en-GB) >>`,
      );
      this.sink.text(xrefAndTrailer(this.offsets, this.next, { root: CATALOG, info, start: this.sink.offset }));
      await this.sink.flush();
      this.finished = true;
      return { pageCount: this.pages, bytes: this.sink.offset };
    });
  }

  // ------------------------------------------------------------------ writing

  /** The stamp texts, taken before anything is written or counted: the caller's function may throw. */
  private stampsFor(first: number, count: number): string[] {
    return Array.from({ length: count }, (_, i) => this.stamp(first + i));
  }

  private async writeInput(plan: InputPlan, first: number, stamps: string[], links: LinkSpec[]): Promise<void> {
    this.next = plan.nextNumber; // the plan numbered the copied objects from this.next
    const { numbers } = plan;
    for (let i = 0; i < plan.pages.length; i++) {
      const page = plan.pages[i]!;
      const pageNumber = first + i;
      const own = this.pageObject(pageNumber);
      const stamp = this.next++;
      const pageLinks = links.filter((l) => l.page === i + 1).map((l) => ({ num: this.next++, link: l }));
      const annots = [...page.annots.map((a) => serialize(a, numbers)), ...pageLinks.map((l) => `${l.num} 0 R`)];
      this.object(own, pageDict(page, numbers, { parent: PAGES, openQ: OPEN_Q, stamp, font: STAMP_FONT, annots }));
      const { mediaBox, cropBox, rotate } = page.source;
      const content = Buffer.from(
        stampContent(stamps[i]!, visibleBox(mediaBox, cropBox), rotate, page.fontKey),
        'latin1',
      );
      this.stream(stamp, `<< /Length ${content.length} >>`, content);
      for (const { num, link } of pageLinks) this.object(num, linkAnnot(link.rect, this.pageObject(link.target)));
      await this.sink.settle();
    }
    for (const ref of plan.order) {
      const num = numbers.get(ref)!;
      const obj = plan.context.lookup(ref)!;
      if (obj instanceof PDFRawStream) this.stream(num, serializeStreamDict(obj, numbers), obj.contents);
      else this.object(num, serialize(obj, numbers));
      await this.sink.settle();
    }
    // One turn of the event loop per input: a build in the server process does not hold it for
    // the whole bundle, and freed input buffers are returned.
    await new Promise((resolve) => setImmediate(resolve));
  }

  private object(num: number, body: string): void {
    this.offsets[num] = this.sink.offset;
    this.sink.text(`${num} 0 obj\n${body}\nendobj\n`);
  }

  private stream(num: number, dict: string, bytes: Uint8Array): void {
    this.offsets[num] = this.sink.offset;
    this.sink.text(`${num} 0 obj\n${dict}\nstream\n`);
    this.sink.bytes(bytes);
    this.sink.text('\nendstream\nendobj\n');
  }

  private pageObject(page: number): number {
    let num = this.pageObjects.get(page);
    if (num === undefined) {
      num = this.next++;
      this.pageObjects.set(page, num);
    }
    return num;
  }

  // ------------------------------------------------------------------ guards

  private assertUsable(): void {
    if (this.finished) throw new Error('The bundle is already finished.');
    if (this.busy) throw new Error('The bundle writer takes one call at a time: await the previous one.');
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.assertUsable();
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }
}
