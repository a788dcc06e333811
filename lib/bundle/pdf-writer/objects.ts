import crypto from 'node:crypto';
import type { LinkSpec, OutlineEntry } from '../pdf-writer';
import type { PagePlan } from './copy-plan';
import type { Box } from './read-pdf';
import { pdfNumber, serializeEntries, textString, type RefNumbers } from './serialize';

// The bundle's own objects in PDF syntax: the copied pages' dictionaries, links, Info, and the
// cross-reference table with the trailer.

const box = (b: readonly number[]) => `[${b.map(pdfNumber).join(' ')}]`;

/**
 * A copied page: its kept entries, the boxes and rotation resolved from the source tree, the
 * source resources plus the stamp's font, and its content between the shared `q` and the stamp.
 */
export function pageDict(
  page: PagePlan,
  numbers: RefNumbers,
  o: { parent: number; openQ: number; stamp: number; font: number; annots: string[] },
): string {
  const { mediaBox, cropBox, rotate } = page.source;
  const fonts = serializeEntries(page.fonts, numbers, `/${page.fontKey} ${o.font} 0 R`);
  const resources = serializeEntries(page.resources, numbers, `/Font ${fonts}`);
  const contents = [o.openQ, ...page.contents.map((r) => numbers.get(r)!), o.stamp].map((n) => `${n} 0 R`).join(' ');
  return serializeEntries(
    page.kept,
    numbers,
    `/Type /Page /Parent ${o.parent} 0 R /MediaBox ${box(mediaBox)}${cropBox ? ` /CropBox ${box(cropBox)}` : ''}${rotate ? ` /Rotate ${rotate}` : ''}\n` +
      `/Resources ${resources}\n/Contents [${contents}]${o.annots.length ? `\n/Annots [${o.annots.join(' ')}]` : ''}`,
  );
}

export const linkAnnot = (rect: LinkSpec['rect'], targetPage: number) =>
  `<< /Type /Annot /Subtype /Link /Rect ${box(rect)} /Border [0 0 0] /Dest [${targetPage} 0 R /Fit] >>`;

/** What is shown: the CropBox within the MediaBox (the MediaBox when they do not overlap). */
export function visibleBox(media: Box, crop: Box | undefined): Box {
  if (!crop) return media;
  const b: Box = [
    Math.max(media[0], crop[0]),
    Math.max(media[1], crop[1]),
    Math.min(media[2], crop[2]),
    Math.min(media[3], crop[3]),
  ];
  return b[2] > b[0] && b[3] > b[1] ? b : media;
}

export function infoDict(
  info: { title: string; author: string; subject: string; keywords?: string },
  now = new Date(),
): string {
  const date = `(D:${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
  return [
    `<< /Title ${textString(info.title)}`,
    `/Author ${textString(info.author)}`,
    `/Subject ${textString(info.subject)}`,
    ...(info.keywords ? [`/Keywords ${textString(info.keywords)}`] : []),
    '/Creator (Reinstate) /Producer (Reinstate bundle writer)',
    `/CreationDate ${date} /ModDate ${date} >>`,
  ].join('\n');
}

/** The classic cross-reference table (objects 1 … size-1, all in use) and the trailer; `start` is where it begins. */
export function xrefAndTrailer(
  offsets: number[],
  size: number,
  o: { root: number; info: number; start: number },
): string {
  const lines = ['xref', `0 ${size}`, '0000000000 65535 f '];
  for (let n = 1; n < size; n++) {
    const offset = offsets[n];
    if (offset === undefined) throw new Error(`Internal error: object ${n} was numbered but never written.`);
    lines.push(`${String(offset).padStart(10, '0')} 00000 n `);
  }
  const id = crypto.randomBytes(16).toString('hex');
  lines.push(
    'trailer',
    `<< /Size ${size} /Root ${o.root} 0 R /Info ${o.info} 0 R /ID [<${id}> <${id}>] >>`,
    'startxref',
    String(o.start),
    '%%EOF',
    '',
  );
  return lines.join('\n');
}

export function checkLinks(links: LinkSpec[], pages: number): void {
  for (const l of links) {
    if (!Number.isInteger(l.page) || l.page < 1 || l.page > pages)
      throw new RangeError(`A link is on page ${l.page} of a PDF with ${pages} page(s).`);
    if (!Number.isInteger(l.target) || l.target < 1) throw new RangeError(`A link targets page ${l.target}.`);
    if (l.rect.length !== 4 || !l.rect.every(Number.isFinite))
      throw new RangeError('A link rectangle needs four finite numbers.');
  }
}

export function checkOutline(entries: OutlineEntry[], pages: number): void {
  for (const e of entries) {
    if (!Number.isInteger(e.page) || e.page < 1 || e.page > pages)
      throw new RangeError(
        `The outline entry "${e.title}" points to page ${e.page}, but the bundle has ${pages} pages.`,
      );
    checkOutline(e.children ?? [], pages);
  }
}
