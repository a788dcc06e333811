import { fileTypeFromBuffer } from 'file-type';
import { extensionOf } from './filenames';

// Decides what a file is from its bytes: never from its name or the browser's claim, which an
// uploader controls. file-type knows the magic numbers (and refuses nothing by itself); the rules
// of what we accept, and the checks it has no opinion on (plain text, email, markup hidden in
// text, ZIP contents), are ours. docs/decisions/0005-evidence-file-types.md says why.

export type Family = 'pdf' | 'image' | 'text' | 'email' | 'docx';
export type Sniffed = { ok: true; mime: string; ext: string; family: Family } | { ok: false; reason: string };
export type SniffInfo = {
  size: number;
  name: string;
  /** The browser's claim: never used to decide, kept for the caller's logs. */
  declaredMime?: string;
  /** The last SNIFF_TAIL_BYTES of the file, when it is longer than the head: lets a DOCX be checked by its ZIP directory. */
  tail?: Buffer;
};

export const SNIFF_HEAD_BYTES = 64 * 1024;
export const SNIFF_TAIL_BYTES = 64 * 1024;

type Kind = { mime: string; ext: string; family: Family; label: string; names: readonly string[] };
const IMAGE_NAMES = [
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'png',
  'webp',
  'heic',
  'heif',
  'hif',
  'gif',
  'bmp',
  'tif',
  'tiff',
  'avif',
];
const KINDS = {
  pdf: { mime: 'application/pdf', ext: 'pdf', family: 'pdf', label: 'a PDF', names: ['pdf'] },
  jpeg: {
    mime: 'image/jpeg',
    ext: 'jpg',
    family: 'image',
    label: 'a JPEG photo',
    names: ['jpg', 'jpeg', 'jpe', 'jfif'],
  },
  png: { mime: 'image/png', ext: 'png', family: 'image', label: 'a PNG image', names: ['png'] },
  webp: { mime: 'image/webp', ext: 'webp', family: 'image', label: 'a WebP image', names: ['webp'] },
  heic: { mime: 'image/heic', ext: 'heic', family: 'image', label: 'a HEIC photo', names: ['heic', 'heif', 'hif'] },
  heif: { mime: 'image/heif', ext: 'heic', family: 'image', label: 'a HEIF photo', names: ['heic', 'heif', 'hif'] },
  text: {
    mime: 'text/plain',
    ext: 'txt',
    family: 'text',
    label: 'plain text',
    names: ['', 'txt', 'text', 'md', 'markdown', 'log'],
  },
  email: { mime: 'message/rfc822', ext: 'eml', family: 'email', label: 'an email', names: ['', 'eml'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
    family: 'docx',
    label: 'a Word document (.docx)',
    names: ['docx'],
  },
} satisfies Record<string, Kind>;
const ACCEPTED_NAMES = new Set(
  Object.values(KINDS)
    .flatMap((k) => k.names)
    .filter(Boolean),
);

/** Plain words for what file-type found but we do not accept. */
const OTHER_LABELS: Record<string, string> = {
  gif: 'a GIF image',
  zip: 'a ZIP archive',
  exe: 'a Windows program',
  elf: 'a program',
  macho: 'a Mac program',
  msi: 'a Windows installer',
  cfb: 'an old-style Office file (.doc, .xls or Outlook .msg)',
  rtf: 'a Rich Text document',
  xml: 'an XML file',
  odt: 'an OpenDocument text',
  docm: 'a Word document with macros',
  dotx: 'a Word template',
  dotm: 'a Word template',
  xlsx: 'an Excel spreadsheet',
  xlsm: 'an Excel spreadsheet',
  pptx: 'a PowerPoint presentation',
  pptm: 'a PowerPoint presentation',
  avif: 'an AVIF image',
  tif: 'a TIFF image',
  bmp: 'a BMP image',
  mp4: 'a video',
  mov: 'a video',
  webm: 'a video',
  mp3: 'an audio file',
  m4a: 'an audio file',
  wav: 'an audio file',
  '7z': 'a compressed archive',
  rar: 'a compressed archive',
  gz: 'a compressed archive',
  tar: 'an archive',
  jar: 'a Java program',
  apk: 'an Android app',
};

const ACCEPTED = 'Accepted: PDF, photos (JPEG, PNG, WebP, HEIC), text, email (.eml) and Word (.docx).';
const refuse = (reason: string): Sniffed => ({ ok: false, reason });
const unsupported = (label: string) =>
  refuse(`This kind of file (${label.replace(/^an? /, '')}) can't be filed as evidence. ${ACCEPTED}`);
const mismatch = (ext: string, label: string) => refuse(`The name ends in .${ext} but the file is really ${label}.`);

/**
 * Tags that make a browser, an old content sniffer or an image viewer treat bytes as a web page or
 * SVG. In text we refuse them anywhere in the head; in images only in the first KiB (the window
 * sniffers look at), where real photos never have them.
 */
const MARKUP =
  /<(?:!doctype|\?xml|html|head|body|script|svg|iframe|frame|frameset|object|embed|meta|style|link|base|form)[\s/>]|^\s*<!--/i;

function markupLabel(text: string): string | null {
  if (!MARKUP.test(text)) return null;
  if (/<svg[\s/>]/i.test(text)) return 'an SVG image';
  if (/^\s*<\?xml/i.test(text) && !/<(?:html|script)[\s/>]/i.test(text)) return 'an XML file';
  return 'a web page (HTML)';
}

/** HEIC/HEIF by the ISO-BMFF `ftyp` brand; AVIF shares the container and is not HEIC. */
function heifKind(head: Buffer): Kind | null {
  if (head.length < 12 || head.toString('latin1', 4, 8) !== 'ftyp') return null;
  const major = head.toString('latin1', 8, 12);
  if (major === 'heic' || major === 'heix') return KINDS.heic;
  const boxEnd = Math.min(head.readUInt32BE(0) || 64, head.length, 256);
  const brands: string[] = [];
  for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(head.toString('latin1', at, at + 4));
  if ((major === 'mif1' || major === 'heif') && !brands.includes('avif') && !brands.includes('avis')) return KINDS.heif;
  return null;
}

/** ZIP entry names from local headers (in the head) and central-directory records (anywhere given). */
function zipEntryNames(...chunks: Buffer[]): Set<string> {
  const names = new Set<string>();
  for (const chunk of chunks) {
    for (const [signature, lengthAt, nameAt] of [
      [0x04034b50, 26, 30],
      [0x02014b50, 28, 46],
    ] as const) {
      const marker = Buffer.alloc(4);
      marker.writeUInt32LE(signature);
      for (let at = chunk.indexOf(marker); at !== -1; at = chunk.indexOf(marker, at + 4)) {
        if (at + nameAt > chunk.length) break;
        const end = at + nameAt + chunk.readUInt16LE(at + lengthAt);
        if (end <= chunk.length) names.add(chunk.toString('utf8', at + nameAt, end));
      }
    }
  }
  return names;
}

/**
 * file-type reads [Content_Types].xml; we also require the parts a Word document cannot lack,
 * and refuse macros. The names are read from the head, and from the ZIP directory at the end of
 * the file, which is in the head for small files and in `tail` for large ones.
 */
function checkDocx(head: Buffer, info: SniffInfo, nameExt: string): Sniffed {
  const whole = head.length >= info.size;
  const names = zipEntryNames(head, ...(whole || !info.tail ? [] : [info.tail]));
  const lower = new Set([...names].map((n) => n.toLowerCase()));
  if ([...lower].some((n) => n.endsWith('vbaproject.bin'))) return unsupported(OTHER_LABELS.docm!);
  if (!lower.has('[content_types].xml') || !lower.has('word/document.xml')) {
    return refuse('This Word document could not be checked: it may be damaged. Try saving it again, or as a PDF.');
  }
  return accept(KINDS.docx, nameExt);
}

/** Whether a ZIP's entries (in the head, and the directory in the tail of a large file) are an Office document's parts. */
function looksLikeOfficeZip(head: Buffer, info: SniffInfo): boolean {
  const names = zipEntryNames(head, ...(head.length >= info.size || !info.tail ? [] : [info.tail]));
  return [...names].some((n) => /^(\[content_types\]\.xml$|_rels\/|word\/)/i.test(n));
}

const UTF16 = 'This text file is saved as UTF-16, which we can\'t read. Save it as "UTF-8" text and try again.';

/** Text: UTF-8 without NULs and with few control characters. */
function decodeText(head: Buffer, truncated: boolean): { text: string } | { binary: true } | { problem: string } {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return { problem: UTF16 };
  }
  if (head.includes(0)) return { binary: true };
  let end = head.length;
  if (truncated) {
    // The head may stop inside a multi-byte character: drop that partial character.
    for (let i = head.length - 1; i >= Math.max(0, head.length - 4); i--) {
      const byte = head[i]!;
      if (byte < 0x80) break;
      if (byte >= 0xc0) {
        if (i + (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) > head.length) end = i;
        break;
      }
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    // Mostly binary bytes is an unknown file; mostly readable is text in another encoding (Windows-1252).
    const high = head.subarray(0, end).filter((b) => b >= 0x80).length;
    if (high > end / 10) return { binary: true };
    return { problem: 'This text file is not saved as UTF-8, which we need. Save it as "UTF-8" text and try again.' };
  }
  const controls = text.match(/[\x01-\x08\x0e-\x1f\x7f-\x9f]/g)?.length ?? 0;
  if (controls > Math.max(4, text.length / 100)) return { binary: true };
  return { text: text.replace(/^\uFEFF/, '') };
}

const EMAIL_HEADERS = new Set(['from', 'to', 'subject', 'date', 'received', 'message-id', 'mime-version']);

/** RFC 5322: header lines (and folded continuations) up to the first blank line, two or more of them well known. */
function isEmail(text: string, truncated: boolean): boolean {
  const lines = text.split(/\r?\n/);
  if (truncated) lines.pop(); // may be cut mid-line
  if (/^From \S/.test(lines[0] ?? '')) lines.shift(); // an mbox export's first line
  const known = new Set<string>();
  for (const [i, line] of lines.entries()) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && i > 0) continue; // a folded header goes on
    const field = /^([!-9;-~]+):/.exec(line)?.[1]?.toLowerCase();
    if (!field) return false;
    if (EMAIL_HEADERS.has(field)) known.add(field);
  }
  return known.size >= 2;
}

function accept(kind: Kind, nameExt: string): Sniffed {
  // Keep the uploader's spelling when it is right for the bytes (photo.jpeg stays .jpeg).
  const ext = nameExt && kind.names.includes(nameExt) ? nameExt : kind.ext;
  return { ok: true, mime: kind.mime, ext, family: kind.family };
}

/** Bytes of a known kind against the name: cross-family lies are refused; image-for-image slips are corrected. */
function judge(kind: Kind, nameExt: string): Sniffed {
  if (!nameExt || kind.names.includes(nameExt)) return accept(kind, nameExt);
  // Phones and messaging apps routinely save WebP or HEIC as ".jpg": harmless, the name is corrected.
  if (kind.family === 'image' && IMAGE_NAMES.includes(nameExt)) return accept(kind, nameExt);
  return mismatch(nameExt, kind.label);
}

/** Bytes we do not accept: name the lie when the name claims an accepted kind, else the kind. */
function refuseOther(label: string, nameExt: string): Sniffed {
  return nameExt && ACCEPTED_NAMES.has(nameExt) ? mismatch(nameExt, label) : unsupported(label);
}

/**
 * What a file is, from its first bytes (`head`: the first SNIFF_HEAD_BYTES, or the whole file when
 * smaller). For files longer than the head, pass `info.tail` so a DOCX can be checked by its ZIP
 * directory; without it a large DOCX is accepted only when its parts are named in the head.
 */
export async function sniffFile(head: Buffer, info: SniffInfo): Promise<Sniffed> {
  if (info.size === 0 || head.length === 0) return refuse('The file is empty.');
  const nameExt = extensionOf(info.name);
  const truncated = head.length < info.size;

  const heif = heifKind(head);
  if (heif) return judge(heif, nameExt);
  // A UTF-16 byte-order mark starts no kind of file we accept; file-type may read it as audio.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return refuse(UTF16);
  const found = await fileTypeFromBuffer(head).catch(() => undefined);
  const opening = head.toString('latin1', 0, 1024);

  if (found) {
    switch (found.ext) {
      case 'pdf':
      case 'ai': // an Illustrator file is a PDF
        return head.toString('latin1', 0, 5) === '%PDF-' ? judge(KINDS.pdf, nameExt) : unsupported('a damaged PDF');
      case 'jpg':
      case 'png':
      case 'apng':
      case 'webp': {
        // Real photos never carry page markup near the start; a crafted polyglot does.
        if (markupLabel(opening))
          return refuse(
            "This image also contains web page code, so it can't be filed. Save or export the picture again and retry.",
          );
        return judge(found.ext === 'jpg' ? KINDS.jpeg : found.ext === 'webp' ? KINDS.webp : KINDS.png, nameExt);
      }
      case 'docx': {
        if (nameExt && !KINDS.docx.names.includes(nameExt)) return mismatch(nameExt, KINDS.docx.label);
        return checkDocx(head, info, nameExt);
      }
      case 'zip': // a large Word document whose [Content_Types].xml is past the head: its parts are checked from the tail
        if (KINDS.docx.names.includes(nameExt) && looksLikeOfficeZip(head, info)) return checkDocx(head, info, nameExt);
        return refuseOther(OTHER_LABELS.zip!, nameExt);
      case 'xml': // SVG starts like any XML file
        return refuseOther(markupLabel(opening) ?? OTHER_LABELS.xml!, nameExt);
      default:
        return refuseOther(OTHER_LABELS[found.ext] ?? `a file of type ${found.ext.toUpperCase()}`, nameExt);
    }
  }

  // No magic number: an email, text, markup, a disguised PDF, or something we don't know.
  const decoded = decodeText(head, truncated);
  const text = 'text' in decoded ? decoded.text : null;
  if (text !== null && isEmail(text, truncated)) {
    // Emails carry HTML parts, harmless behind headers (no browser sniffs a page there) and served as downloads.
    if (KINDS.email.names.includes(nameExt)) return accept(KINDS.email, nameExt);
    if (KINDS.text.names.includes(nameExt)) return accept(KINDS.text, nameExt);
    return ACCEPTED_NAMES.has(nameExt) ? mismatch(nameExt, KINDS.email.label) : unsupported(`.${nameExt}`);
  }
  const markup = markupLabel(opening) ?? (text !== null ? markupLabel(text) : null);
  if (markup) return refuseOther(markup, nameExt);
  if (text === null) {
    if (opening.includes('%PDF-')) {
      return refuse(
        'This PDF has extra data in front of it, which is how disguised files are made. Save it again as a PDF and retry.',
      );
    }
    if ('problem' in decoded) return refuse(decoded.problem);
    return ACCEPTED_NAMES.has(nameExt)
      ? refuse(`The name ends in .${nameExt} but the contents are not a kind of file we recognise.`)
      : unsupported("a file we don't recognise");
  }
  if (KINDS.text.names.includes(nameExt)) return accept(KINDS.text, nameExt);
  if (ACCEPTED_NAMES.has(nameExt))
    return mismatch(nameExt, nameExt === 'eml' ? 'plain text, not an email' : KINDS.text.label);
  return unsupported(`.${nameExt}`);
}
