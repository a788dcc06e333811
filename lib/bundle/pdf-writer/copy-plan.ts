import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { UnreadablePdfError } from './errors';
import { N, isDocumentStructure, name, resolve, type SourcePage, type SourcePdf } from './read-pdf';
import type { RefNumbers } from './serialize';
import { ACTIVE_ANNOT_SUBTYPES, safeUriAction } from './safe-links';
import { checkContentStream, isFormXObject } from './stream-data';

/** Page entries copied as they are. Everything else (thumbnails, beads, structure, page actions…) is left behind. */
const KEPT_PAGE_ENTRIES = new Set(
  ['BleedBox', 'TrimBox', 'ArtBox', 'BoxColorInfo', 'Group', 'UserUnit', 'Tabs', 'VP', 'PZ'].map(name),
);
/** Annotation entries that point into the source document's structure, pages or fields. */
const DROPPED_ANNOT_ENTRIES = ['P', 'Parent', 'Popup', 'IRT', 'StructParent', 'AA', 'Dest', 'PA'].map(name);

export type PagePlan = {
  source: SourcePage;
  /** Resources entries other than /Font, and the /Font entries, each still with source references. */
  resources: [PDFName, PDFObject][];
  fonts: [PDFName, PDFObject][];
  /** A /Font key the page does not use, for the stamp. */
  fontKey: string;
  contents: PDFRef[];
  annots: PDFObject[];
  kept: [PDFName, PDFObject][];
};

/**
 * What one input needs in the output: its pages, and every object they reach, numbered from
 * `firstNumber`. `order` lists the objects still to write; `numbers` maps every reference the pages
 * reach, including those written by an earlier call for the same loaded input.
 */
export type InputPlan = {
  context: PDFContext;
  pages: PagePlan[];
  numbers: RefNumbers;
  order: PDFRef[];
  nextNumber: number;
};

/**
 * Walks everything the pages reach (contents, resources, kept annotations) once, giving each
 * object its output number. A reference to a missing or unparseable object, or a content stream
 * that does not inflate, throws 'damaged' here, before anything of the input is written. Nothing
 * is cloned: the objects are serialised straight from the parsed input afterwards.
 */
export function planCopy(
  pdf: SourcePdf,
  firstNumber: number,
  only?: { pages: number[]; written: RefNumbers },
): InputPlan {
  const { context } = pdf;
  const pages = (only ? only.pages.map((n) => pdf.pages[n - 1]!) : pdf.pages).map((page) => planPage(context, page));
  // Objects written for an earlier selection of the same input are referenced, not written again.
  const numbers: RefNumbers = new Map(only?.written);
  const order: PDFRef[] = [];
  let next = firstNumber;
  const stack: PDFObject[] = [];
  const contents = new Set<PDFRef>(pages.flatMap((p) => p.contents));
  for (const p of pages) {
    for (const [, v] of p.resources) stack.push(v);
    for (const [, v] of p.fonts) stack.push(v);
    for (const [, v] of p.kept) stack.push(v);
    for (const v of p.contents) stack.push(v);
    for (const v of p.annots) stack.push(v);
  }
  while (stack.length) {
    const value = stack.pop()!;
    if (value instanceof PDFRef) {
      if (numbers.has(value)) continue;
      const target = resolve(context, value)!;
      if (isDocumentStructure(target)) {
        numbers.set(value, 0);
        continue;
      }
      numbers.set(value, next++);
      order.push(value);
      stack.push(target);
      if (target instanceof PDFRawStream && (contents.has(value) || isFormXObject(target))) checkContentStream(target);
    } else if (value instanceof PDFDict) {
      for (const v of value.values()) stack.push(v);
    } else if (value instanceof PDFArray) {
      for (const v of value.asArray()) stack.push(v);
    } else if (value instanceof PDFRawStream) {
      for (const [k, v] of value.dict.entries()) if (k !== N.Length) stack.push(v);
    }
  }
  return { context, pages, numbers, order, nextNumber: next };
}

function planPage(context: PDFContext, source: SourcePage): PagePlan {
  const { leaf } = source;
  const resources = (source.resources?.entries() ?? []).filter(([k]) => k !== N.Font);
  const fontDict = resolve(context, source.resources?.get(N.Font));
  const fonts = fontDict instanceof PDFDict ? fontDict.entries() : [];
  let fontKey = 'RsStamp';
  for (let i = 1; fonts.some(([k]) => k === name(fontKey)); i++) fontKey = `RsStamp${i}`;
  return {
    source,
    resources,
    fonts,
    fontKey,
    contents: contentStreams(context, leaf.get(N.Contents)),
    annots: keptAnnotations(context, leaf.get(N.Annots)),
    kept: leaf.entries().filter(([k]) => KEPT_PAGE_ENTRIES.has(k)),
  };
}

function contentStreams(context: PDFContext, value: PDFObject | undefined): PDFRef[] {
  if (value === undefined) return [];
  const target = resolve(context, value);
  if (target instanceof PDFRawStream && value instanceof PDFRef) return [value];
  if (target instanceof PDFArray) {
    return target.asArray().map((item) => {
      if (item instanceof PDFRef && resolve(context, item) instanceof PDFRawStream) return item;
      throw new UnreadablePdfError('damaged', 'A page’s content is not a stream.');
    });
  }
  throw new UnreadablePdfError('damaged', 'A page’s content is not a stream.');
}

/**
 * Keeps what a reader would show on the page: markup, stamps, form-field appearances and links to
 * web and mail addresses. Links into the source document and pop-ups are dropped (their targets are
 * not in the bundle); so is every link or action that is not a URI to http, https or mailto, and
 * annotations that carry files or media (safe-links.ts says why). Entries pointing back into the
 * source's pages, fields or structure are removed. Mutates the parsed input, which is thrown away
 * after copying.
 */
function keptAnnotations(context: PDFContext, value: PDFObject | undefined): PDFObject[] {
  const list = resolve(context, value);
  if (!(list instanceof PDFArray)) return [];
  const kept: PDFObject[] = [];
  for (const item of list.asArray()) {
    const annot = context.lookup(item); // a dangling annotation is skipped, not fatal: the page itself is intact
    if (!(annot instanceof PDFDict) || isDocumentStructure(annot)) continue;
    const subtype = annot.get(N.Subtype);
    if (subtype === N.Popup || (subtype instanceof PDFName && ACTIVE_ANNOT_SUBTYPES.has(subtype))) continue;
    const action = safeUriAction(context, annot.get(N.A));
    if (subtype === N.Link && !action) continue;
    for (const key of DROPPED_ANNOT_ENTRIES) annot.delete(key);
    if (!action) annot.delete(N.A);
    kept.push(item);
  }
  return kept;
}
