import { BODY, SMALL, heading, keyValues, noteBox } from './blocks';
import { exactSize, formatSha256, formatSize, oneLine, splitParagraphs, ukDate } from './text';
import { MUTED, PAGE_HEIGHT, TOP, Writer, type PdfPart, type Style } from './writer';

// The simple pages of a bundle: cover, member's statement, section and exhibit dividers.

export type CoverInput = {
  title: string;
  reference: string;
  memberName: string;
  branch: string | null;
  purpose: string;
  generatedOn: string;
  preparedBy: string;
  preparedRole: string;
  note?: string;
};

export async function renderCover(c: CoverInput): Promise<PdfPart> {
  const w = new Writer({
    title: `${oneLine(c.title)} — ${oneLine(c.reference)}`,
    subject: `${oneLine(c.title)} for ${oneLine(c.memberName)}`,
    keywords: c.reference,
    createdOn: c.generatedOn,
  });
  drawCover(w, c);
  return w.finish();
}

export function drawCover(w: Writer, c: CoverInput): void {
  w.y = TOP + 110;
  w.paragraph(c.title, { face: 'bold', size: 28 }, { after: 8 });
  w.paragraph(`Reference ${c.reference}`, { face: 'regular', size: 14, color: MUTED }, { after: 40 });
  keyValues(
    w,
    [
      ['Member', c.memberName],
      ['Branch', c.branch],
      ['Purpose', c.purpose],
      ['Prepared by', `${c.preparedBy} (${c.preparedRole})`],
      ['Date prepared', ukDate(c.generatedOn)],
    ],
    { size: 12, labelWidth: 140 },
  );
  w.gap(24);
  if (c.note?.trim()) noteBox(w, c.note.trim(), BODY);
  w.gap(12);
  w.paragraph('The index on the next page lists every item with its pages.', { ...SMALL });
}

export async function renderStatement(text: string, opts: { memberName: string }): Promise<PdfPart> {
  const w = new Writer({ title: `Statement of ${oneLine(opts.memberName)}` });
  drawStatement(w, text, opts);
  return w.finish();
}

export function drawStatement(w: Writer, text: string, opts: { memberName: string }): void {
  heading(w, `Statement of ${oneLine(opts.memberName)}`, 16, { after: 10 });
  const body: Style = { ...BODY };
  // Paragraphs are separated by blank lines; single line breaks inside one are kept as written.
  const paragraphs = splitParagraphs(text);
  if (paragraphs.length === 0) w.paragraph('No statement has been written.', { ...body, color: MUTED });
  for (const p of paragraphs) w.paragraph(p, body, { after: 8 });
}

export type SectionDividerInput = { label: string; title: string; description?: string };

export async function renderSectionDivider(s: SectionDividerInput): Promise<PdfPart> {
  const w = new Writer({ title: [oneLine(s.label), oneLine(s.title)].filter(Boolean).join('. ') });
  drawSectionDivider(w, s);
  return w.finish();
}

export function drawSectionDivider(w: Writer, s: SectionDividerInput): void {
  w.y = PAGE_HEIGHT * 0.34;
  if (s.label.trim()) w.paragraph(s.label, { face: 'regular', size: 14, color: MUTED }, { align: 'center', after: 8 });
  w.paragraph(s.title, { face: 'bold', size: 24 }, { align: 'center', after: 14 });
  if (s.description?.trim()) w.paragraph(s.description.trim(), BODY, { align: 'center' });
}

export type ExhibitDividerInput = {
  label: string;
  title: string;
  date: string | null;
  source: string | null;
  sha256: string;
  kind: string;
  originalName: string;
  sizeBytes: number;
  note?: string;
  /** "Privileged. Put in this bundle on purpose…": printed prominently above everything else. */
  marking?: string;
};

export async function renderExhibitDivider(d: ExhibitDividerInput): Promise<PdfPart> {
  const w = new Writer({ title: `Exhibit ${oneLine(d.label)}: ${oneLine(d.title)}` });
  drawExhibitDivider(w, d);
  return w.finish();
}

/**
 * Several parts drawn as one document, each starting on a new page: drawing and subsetting the fonts
 * once, and parsing the result once, instead of once per part is most of the difference between
 * meeting and missing the bundle's time budget (docs/decisions/0009). `firstPages[i]` is where part
 * i starts; it ends where the next one starts.
 */
export async function renderPageSet(
  parts: Array<(w: Writer) => void>,
  opts: { title: string },
): Promise<PdfPart & { firstPages: number[] }> {
  const w = new Writer({ title: opts.title });
  const firstPages: number[] = [];
  parts.forEach((draw, i) => {
    if (i > 0) w.newPage();
    firstPages.push(w.pages);
    draw(w);
  });
  if (parts.length === 0) w.paragraph('Nothing to show.', SMALL);
  const part = await w.finish();
  return { ...part, firstPages };
}

export function drawExhibitDivider(w: Writer, d: ExhibitDividerInput): void {
  w.y = TOP + 70;
  w.paragraph(`Exhibit ${d.label}`, { face: 'bold', size: 34 }, { after: 8 });
  w.paragraph(d.title, { face: 'bold', size: 18 }, { after: 24 });
  if (d.marking?.trim()) {
    noteBox(w, d.marking.trim(), { face: 'bold', size: 12 });
    w.gap(12);
  }
  keyValues(w, [
    ['Date', d.date ? ukDate(d.date) : 'Not known'],
    ['Source', d.source],
    ['Original file', d.originalName],
    ['Kind', d.kind],
    ['Size', d.sizeBytes < 1024 ? formatSize(d.sizeBytes) : `${formatSize(d.sizeBytes)} (${exactSize(d.sizeBytes)})`],
    ['SHA-256 fingerprint', formatSha256(d.sha256), { monoSize: 9 }],
  ]);
  w.gap(16);
  if (d.note?.trim()) {
    noteBox(w, d.note.trim());
    w.gap(12);
  }
  w.paragraph(
    'To check that a copy of the original file is the one listed here, compute its SHA-256 fingerprint (for example "sha256sum FILE" on Linux, "shasum -a 256 FILE" on a Mac, "certutil -hashfile FILE SHA256" on Windows) and compare it with the fingerprint above.',
    SMALL,
  );
}
