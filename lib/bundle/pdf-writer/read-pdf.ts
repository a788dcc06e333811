import {
  PDFArray, PDFCatalog, PDFDict, PDFInvalidObject, PDFName, PDFNumber, PDFPageLeaf, PDFPageTree, PDFParser, PDFRef,
  type PDFContext, type PDFObject,
} from 'pdf-lib';
import { UnreadablePdfError } from './errors';

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
const KEYS = ['A', 'Annots', 'Contents', 'CropBox', 'Font', 'Kids', 'Length', 'Link', 'MediaBox', 'Next', 'Page', 'Pages', 'Popup', 'Resources', 'Rotate', 'S', 'Subtype', 'Type', 'URI'] as const;
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
    context = await PDFParser.forBytesWithOptions(bytes, Infinity, false, false).parseDocument();
  } catch (err) {
    throw new UnreadablePdfError('damaged', `The PDF could not be parsed (${err instanceof Error ? err.message : String(err)}).`);
  }
  // pdf-lib does not decrypt: copying an encrypted file's objects would copy ciphertext. A file
  // with only an owner password (opens without asking) is encrypted all the same.
  if (context.trailerInfo.Encrypt) throw new UnreadablePdfError('encrypted');
  const catalog = context.trailerInfo.Root ? context.lookup(context.trailerInfo.Root) : undefined;
  if (!(catalog instanceof PDFDict)) throw new UnreadablePdfError('damaged', 'The PDF has no document catalog.');
  const pages = listPages(context, catalog.get(N.Pages));
  if (pages.length === 0) throw new UnreadablePdfError('damaged', 'The PDF has no pages.');
  return { context, pages };
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
    throw new UnreadablePdfError('damaged', `The PDF refers to object ${value.objectNumber} which is missing or unreadable.`);
  }
  return target;
}

/** Page-tree nodes and the catalog are never copied through a reference: they would pull in the whole source document. */
export const isDocumentStructure = (o: PDFObject) => o instanceof PDFPageLeaf || o instanceof PDFPageTree || o instanceof PDFCatalog;
