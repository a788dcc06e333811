import {
  PDFArray,
  PDFCatalog,
  PDFDict,
  PDFDocument,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFPageLeaf,
  PDFPageTree,
  PDFParser,
  PDFRef,
  type PDFContext,
  type PDFObject,
} from '@cantoo/pdf-lib';
import { UnreadablePdfError } from './errors';

/**
 * How many bytes pdf-lib may step over, in all, while looking for the next thing it can parse. Its
 * recovery (junk between objects, an object that does not parse) moves one byte at a time and tries
 * several keywords at each: ~1.5 s per MB, with the event loop blocked. A few stray bytes between
 * objects, or junk after the end of a file, are common and stay readable. A file that is mostly not
 * PDF (a 12 MB upload of something else, named .pdf) is called damaged after this much, not after
 * 20 s of the whole server waiting.
 */
export const MAX_UNPARSED_BYTES = 128 * 1024;

const keyword = (s: string) => Array.from(Buffer.from(s, 'latin1'));
const XREF = keyword('xref');
const TRAILER = keyword('trailer');
const STARTXREF = keyword('startxref');
const ENDOBJ = keyword('endobj');

/** The parts of pdf-lib 1.17's parser (unmaintained since 2021, so fixed) that recovery uses. */
type RecoveringParser = {
  bytes: { offset(): number; done(): boolean; peek(): number; next(): number; moveTo(offset: number): void };
  matchKeyword(k: number[]): boolean;
  matchIndirectObjectHeader(): boolean;
  skipWhitespaceAndComments(): void;
  skipJibberish(): void;
  tryToParseInvalidIndirectObject(): unknown;
};

/** Replaces pdf-lib's two byte-by-byte recovery scans with the same scans under one shared budget. */
function limitRecovery(pdfParser: PDFParser): void {
  const parser = pdfParser as unknown as RecoveringParser;
  const { bytes } = parser;
  let skipped = 0;
  const step = () => {
    bytes.next();
    if (++skipped > MAX_UNPARSED_BYTES) throw new Error(`more than ${MAX_UNPARSED_BYTES / 1024} KB of it is not PDF`);
  };
  // As pdf-lib's skipJibberish: stop before an xref table, a trailer or an object header.
  parser.skipJibberish = () => {
    parser.skipWhitespaceAndComments();
    while (!bytes.done()) {
      const at = bytes.offset();
      const byte = bytes.peek();
      if (
        byte >= 0x20 &&
        byte <= 0x7e &&
        (parser.matchKeyword(XREF) ||
          parser.matchKeyword(TRAILER) ||
          parser.matchKeyword(STARTXREF) ||
          parser.matchIndirectObjectHeader())
      ) {
        bytes.moveTo(at);
        return;
      }
      bytes.moveTo(at);
      step();
    }
  };
  // An object that does not parse: pdf-lib looks for its "endobj" and keeps the bytes as an invalid
  // object. Here the search counts against the budget, and an object with no end is an error.
  parser.tryToParseInvalidIndirectObject = () => {
    const start = bytes.offset();
    while (!bytes.done()) {
      if (parser.matchKeyword(ENDOBJ)) {
        bytes.moveTo(start);
        return originalTryToParse.call(pdfParser);
      }
      step();
    }
    throw new Error(`an object at byte ${start} does not end`);
  };
}

const originalTryToParse = (PDFParser.prototype as unknown as RecoveringParser).tryToParseInvalidIndirectObject;

/** [left, bottom, right, top] in the page's user space, normalised so left < right and bottom < top. */
export type Box = [number, number, number, number];

/** A page of a parsed input with its inheritable attributes already resolved from the page tree. */
export type SourcePage = {
  leaf: PDFDict;
  /** The Resources dictionary (own or inherited), resolved; undefined when the page has none. */
  resources: PDFDict | undefined;
  mediaBox: Box;
  cropBox: Box | undefined;
  /** 0, 90, 180 or 270 (clockwise, as the page is shown). */
  rotate: number;
};

export type SourcePdf = { context: PDFContext; pages: SourcePage[] };

export const name = (s: string) => PDFName.of(s);
// PDFName.of() decodes its argument with a regular expression on every call: look the names up once.
const KEYS = [
  'A',
  'Annots',
  'Contents',
  'CropBox',
  'Font',
  'Kids',
  'Length',
  'Link',
  'MediaBox',
  'Next',
  'Page',
  'Pages',
  'Popup',
  'Resources',
  'Rotate',
  'S',
  'Subtype',
  'Type',
  'URI',
] as const;
export const N = Object.fromEntries(KEYS.map((k) => [k, PDFName.of(k)])) as Record<(typeof KEYS)[number], PDFName>;
const US_LETTER: Box = [0, 0, 612, 792];

/**
 * Parses an input once with pdf-lib's parser (no PDFDocument: nothing is added to it, no metadata
 * touched) and lists its pages. Encrypted → 'encrypted'; unparseable, no page tree, no pages or a
 * cyclic page tree → 'damaged'. Objects the pages need are checked later, when they are walked.
 */
export async function readPdf(bytes: Uint8Array): Promise<SourcePdf> {
  let context: PDFContext;
  try {
    // objectsPerTick Infinity: pdf-lib's default yields with setTimeout every 100 objects, which
    // costs ~1 ms per 100 objects for nothing here.
    const parser = PDFParser.forBytesWithOptions(bytes, Infinity, false, false);
    limitRecovery(parser);
    context = await parser.parseDocument();
  } catch (err) {
    throw new UnreadablePdfError(
      'damaged',
      `The PDF could not be parsed (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  // An encrypted file is read again through the parser's decryption with the empty user password: one
  // with only an owner password (it opens without asking, as many official letters do) can then be
  // copied as plain objects. One that asks for a password to open stays 'encrypted'.
  if (context.trailerInfo.Encrypt) context = await decryptWithoutPassword(bytes);
  const catalog = context.trailerInfo.Root ? context.lookup(context.trailerInfo.Root) : undefined;
  if (!(catalog instanceof PDFDict)) throw new UnreadablePdfError('damaged', 'The PDF has no document catalog.');
  const pages = listPages(context, catalog.get(N.Pages));
  if (pages.length === 0) throw new UnreadablePdfError('damaged', 'The PDF has no pages.');
  return { context, pages };
}

async function decryptWithoutPassword(bytes: Uint8Array): Promise<PDFContext> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { password: '', updateMetadata: false, parseSpeed: Infinity });
  } catch {
    throw new UnreadablePdfError('encrypted');
  }
  const context = doc.context;
  // A wrong (empty) password does not always throw: check that the decrypted catalog reads as one.
  const catalog = context.trailerInfo.Root ? context.lookup(context.trailerInfo.Root) : undefined;
  if (!(catalog instanceof PDFDict) || !catalog.get(N.Pages)) throw new UnreadablePdfError('encrypted');
  // The copy is written unencrypted: the source's Encrypt dictionary must not follow it.
  context.trailerInfo.Encrypt = undefined;
  return context;
}

type Inherited = { resources?: PDFObject; mediaBox?: PDFObject; cropBox?: PDFObject; rotate?: PDFObject };

function listPages(context: PDFContext, root: PDFObject | undefined): SourcePage[] {
  const pages: SourcePage[] = [];
  const seen = new Set<PDFDict>();
  const stack: [PDFObject | undefined, Inherited][] = [[root, {}]];
  while (stack.length) {
    const [ref, parent] = stack.pop()!;
    const node = resolve(context, ref);
    if (!(node instanceof PDFDict)) throw new UnreadablePdfError('damaged', 'The page tree is broken.');
    if (seen.has(node)) throw new UnreadablePdfError('damaged', 'The page tree loops back on itself.');
    seen.add(node);
    const here: Inherited = {
      resources: node.get(N.Resources) ?? parent.resources,
      mediaBox: node.get(N.MediaBox) ?? parent.mediaBox,
      cropBox: node.get(N.CropBox) ?? parent.cropBox,
      rotate: node.get(N.Rotate) ?? parent.rotate,
    };
    const type = node.get(N.Type);
    const kids = resolve(context, node.get(N.Kids));
    if (type === N.Pages || (type !== N.Page && kids instanceof PDFArray)) {
      if (!(kids instanceof PDFArray)) throw new UnreadablePdfError('damaged', 'The page tree is broken.');
      const list = kids.asArray();
      for (let i = list.length - 1; i >= 0; i--) stack.push([list[i], here]);
    } else {
      pages.push(toSourcePage(context, node, here));
    }
  }
  return pages;
}

function toSourcePage(context: PDFContext, leaf: PDFDict, inherited: Inherited): SourcePage {
  const resources = resolve(context, inherited.resources);
  const mediaBox = readBox(context, inherited.mediaBox) ?? US_LETTER; // readers assume Letter too
  const rotate = resolve(context, inherited.rotate);
  const degrees = rotate instanceof PDFNumber ? Math.round(rotate.asNumber() / 90) * 90 : 0;
  return {
    leaf,
    resources: resources instanceof PDFDict ? resources : undefined,
    mediaBox,
    cropBox: readBox(context, inherited.cropBox),
    rotate: ((degrees % 360) + 360) % 360,
  };
}

function readBox(context: PDFContext, value: PDFObject | undefined): Box | undefined {
  const array = resolve(context, value);
  if (!(array instanceof PDFArray) || array.size() !== 4) return undefined;
  const n = array.asArray().map((v) => resolve(context, v));
  if (!n.every((v): v is PDFNumber => v instanceof PDFNumber)) return undefined;
  const [a, b, c, d] = n.map((v) => v.asNumber()) as Box;
  const box: Box = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  return box[2] - box[0] > 0 && box[3] - box[1] > 0 ? box : undefined;
}

/** Follows a reference; a reference to nothing, or to an object pdf-lib could not parse, means damage. */
export function resolve(context: PDFContext, value: PDFObject | undefined): PDFObject | undefined {
  if (!(value instanceof PDFRef)) return value;
  const target = context.lookup(value);
  if (target === undefined || target instanceof PDFInvalidObject) {
    throw new UnreadablePdfError(
      'damaged',
      `The PDF refers to object ${value.objectNumber} which is missing or unreadable.`,
    );
  }
  return target;
}

/** Page-tree nodes and the catalog are never copied through a reference: they would pull in the whole source document. */
export const isDocumentStructure = (o: PDFObject) =>
  o instanceof PDFPageLeaf || o instanceof PDFPageTree || o instanceof PDFCatalog;
