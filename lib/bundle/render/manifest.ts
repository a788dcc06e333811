import { SMALL, TABLE, TABLE_BOLD, heading } from './blocks';
import { drawTable, type Block } from './table';
import { formatSha256, formatSize, oneLine, ukDate } from './text';
import { CONTENT_WIDTH, MUTED, Writer, type PdfPart, type Style } from './writer';

// The manifest: every exhibit with its SHA-256 fingerprint, so a panel can check that a file
// someone hands them is the one in the bundle. Each fingerprint is one line of DejaVu Sans Mono under
// the exhibit's title, so it can be copied whole and compared by eye.

export type ManifestRow = {
  label: string;
  title: string;
  sha256: string;
  sizeBytes: number;
  pages: string;
  included: boolean;
  note?: string;
};

const MONO: Style = { face: 'mono', size: 8.5 }; // 64 digits of 0.602 em: 328 pt, inside the description column

export async function renderManifest(
  rows: ManifestRow[],
  opts: { reference: string; generatedOn: string },
): Promise<PdfPart> {
  const w = new Writer({
    title: `Manifest of exhibits — ${oneLine(opts.reference)}`,
    keywords: opts.reference,
    createdOn: opts.generatedOn,
  });
  drawManifest(w, rows, opts);
  return w.finish();
}

/** The manifest, drawn at the cursor of `w`. */
export function drawManifest(w: Writer, rows: ManifestRow[], opts: { reference: string; generatedOn: string }): void {
  heading(w, 'Manifest of exhibits', 16, { after: 4 });
  w.paragraph(
    `Case ${opts.reference}. Prepared on ${ukDate(opts.generatedOn)}.`,
    { ...SMALL, color: MUTED },
    { after: 6 },
  );
  w.paragraph(
    'Each file\'s SHA-256 fingerprint is listed so that anyone can check that a copy of an original file is the one in this bundle: compute the fingerprint of the copy ("sha256sum FILE" on Linux, "shasum -a 256 FILE" on a Mac, "certutil -hashfile FILE SHA256" on Windows) and compare it with the one below. Any change to a file, however small, gives a different fingerprint.',
    { face: 'regular', size: 10 },
    { after: 10 },
  );
  if (rows.length === 0) {
    w.paragraph('This bundle has no exhibits.', { face: 'regular', size: 11 });
    return;
  }
  const columns = [
    { header: 'Item', width: 40 },
    { header: 'Description and SHA-256 fingerprint', width: 0 },
    { header: 'Pages', width: 50, align: 'right' as const },
    { header: 'Size', width: 52, align: 'right' as const },
  ];
  columns[1]!.width = CONTENT_WIDTH - columns.reduce((s, c) => s + c.width, 0);
  drawTable(
    w,
    { columns, body: TABLE, header: TABLE_BOLD },
    rows.map((r) => {
      const sha = formatSha256(r.sha256);
      const description: Block[] = [{ text: r.title, style: TABLE }];
      const note = r.note?.trim() || (r.included ? '' : 'Not included in this bundle');
      if (note) description.push({ text: note, style: { ...TABLE, size: 8.5, color: MUTED }, gapBefore: 1 });
      description.push(
        /^[0-9a-f]{64}$/.test(sha)
          ? { text: sha, style: MONO, gapBefore: 2 }
          : { text: `Fingerprint ${sha}`, style: { ...TABLE, color: MUTED }, gapBefore: 2 },
      );
      return [r.label, description, r.included ? r.pages : r.pages.trim() || '—', formatSize(r.sizeBytes)];
    }),
  );
}
