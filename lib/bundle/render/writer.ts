import PDFDocument from 'pdfkit';
import type * as fontkit from 'fontkit';
import { pdfFonts } from '../../pdf/fonts';
import { monoFont } from './mono-font';
import { normaliseText } from './text';

// One small PDF of a bundle: A4 portrait, 20 mm margins, DejaVu Sans, and nothing ever drawn in the
// bottom 20 mm, which the assembler keeps for its page numbers.
//
// We break lines ourselves and give pdfkit one line at a time (`lineBreak: false`), never a box to
// flow text into: that way we know every line's position before it is drawn, so a page break never
// falls inside the reserved band, a table row is never split by pdfkit behind our back, and the page
// count (which the index and the assembler rely on) is exactly what we decided. Same input, same
// bytes: the creation date is fixed or left out, and pdfkit's file id is derived from the info.

export type PdfPart = { bytes: Buffer; pages: number };
export type Face = 'regular' | 'bold' | 'mono';
export type Style = { face: Face; size: number; color?: string };

export const MM = 72 / 25.4;
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN = 20 * MM;
export const LEFT = MARGIN;
export const RIGHT = PAGE_WIDTH - MARGIN;
export const TOP = MARGIN;
export const CONTENT_WIDTH = RIGHT - LEFT;
/** Lowest y (from the top) any mark may reach: the bottom 20 mm stay empty, with 2 pt to spare. */
export const BOTTOM = PAGE_HEIGHT - 20 * MM - 2;

export const INK = '#111111';
export const MUTED = '#444444';
export const RULE = '#9a9a9a';

/** Line advance for a style: 1.3 × the size (DejaVu's glyphs span 1.164 × the size). */
export const leading = (style: Style): number => style.size * 1.3;

/**
 * Whether the font draws `codePoint`; if it does, makes sure the glyph fontkit hands out for it
 * knows its character.
 *
 * Why: fontkit caches one glyph object per glyph id in the (process-wide) font, with the characters
 * of whoever asked first. Embedding a composite glyph (DejaVu's "Ó" is "O" plus an accent) asks
 * for its components with no characters, so after one PDF containing "Ó", every later PDF in the
 * process would get an "O" with no character: pdfkit's ToUnicode map then drops it, and "Oct"
 * copies or searches as "ct". Claiming each character's glyph before it is laid out puts it back.
 */
function claimGlyph(font: fontkit.Font, codePoint: number): boolean {
  if (!font.hasGlyphForCodePoint(codePoint)) return false;
  const glyph = font.glyphForCodePoint(codePoint);
  if (glyph.codePoints.length === 0) glyph.codePoints.push(codePoint);
  return true;
}

/**
 * Widths of words, per face and size, shared by every document of the process: the fonts are the
 * same, and shaping a word (fontkit's layout) is most of the cost of wrapping text.
 */
const WIDTHS = new Map<string, number>();
const MAX_WIDTHS = 50_000;

export type WriterMeta = { title: string; subject?: string; keywords?: string; createdOn?: string };

export class Writer {
  readonly pdf: PDFKit.PDFDocument;
  /** The cursor: top of the next line, in points from the top of the page. */
  y = TOP;
  /** Space kept free above BOTTOM on every page (e.g. for a footnote). */
  reserve = 0;
  /** Called on each new page after the first, to repeat a heading or a table's header row. */
  onPageStart: (() => void) | null = null;
  /** Called before a page is left and before the document ends, to finish the page (footnotes). */
  onPageEnd: (() => void) | null = null;
  private pageCount = 1;
  private readonly fonts: Record<Face, fontkit.Font>;
  private readonly done: Promise<Buffer>;
  private readonly glyphs = new Map<string, boolean>();

  constructor(meta: WriterMeta) {
    const { regular, bold } = pdfFonts();
    this.fonts = { regular, bold, mono: monoFont() };
    const created =
      meta.createdOn && /^\d{4}-\d{2}-\d{2}/.test(meta.createdOn)
        ? new Date(`${meta.createdOn.slice(0, 10)}T00:00:00Z`)
        : null;
    this.pdf = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: 0, left: MARGIN, right: MARGIN },
      font: null as unknown as string, // no default face (Helvetica would read AFM files); 'regular' is set below
      lang: 'en-GB',
      displayTitle: true,
      info: {
        Title: normaliseText(meta.title),
        ...(meta.subject ? { Subject: normaliseText(meta.subject) } : {}),
        ...(meta.keywords ? { Keywords: normaliseText(meta.keywords) } : {}),
        Creator: 'Reinstate',
        Producer: 'Reinstate (pdfkit)',
        // Fixed, so the same input gives the same bytes (pdfkit hashes the info into the file id).
        CreationDate: created ?? new Date(0),
      },
    });
    // Without a real date, say nothing rather than 1970: pdfkit writes the Info dictionary from the
    // object's enumerable keys, but still reads the date for its XMP packet, so it stays, hidden.
    if (!created) Object.defineProperty(this.pdf.info, 'CreationDate', { value: new Date(0), enumerable: false });
    // Faces are registered by name and there is no default face: pdfkit caches a face under its name
    // only the first time it opens it, so a default face of the same font would make every later
    // switch open the font again and compare it by JSON (about 5% of a 300-page bundle's time).
    this.pdf.registerFont('regular', regular as unknown as string);
    this.pdf.registerFont('bold', bold as unknown as string);
    this.pdf.registerFont('mono', this.fonts.mono as unknown as string);
    this.pdf.font('regular');
    this.pdf.on('pageAdded', () => this.pageCount++);
    this.done = new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.pdf.on('data', (c: Buffer) => chunks.push(c));
      this.pdf.on('end', () => resolve(Buffer.concat(chunks)));
      this.pdf.on('error', reject);
    });
  }

  /** Lowest y the content may reach on this page. */
  get limit(): number {
    return BOTTOM - this.reserve;
  }

  get pages(): number {
    return this.pageCount;
  }

  /** True when the cursor is at the top of a page's content (nothing gained by breaking). */
  get atPageTop(): boolean {
    return this.y <= this.contentTop + 0.01;
  }

  private contentTop = TOP;

  /** Marks the current cursor as the top of the content on this page (after a repeated header). */
  markContentTop(): void {
    this.contentTop = this.y;
  }

  newPage(): void {
    this.onPageEnd?.();
    this.pdf.addPage();
    this.y = TOP;
    this.contentTop = TOP;
    this.onPageStart?.();
  }

  /** Starts a new page unless `height` more points fit below the cursor (or we are already at the top). */
  ensure(height: number): void {
    if (this.y + height > this.limit && !this.atPageTop) this.newPage();
  }

  gap(height: number): void {
    this.y += height;
  }

  /** The text with characters this face cannot draw replaced by U+FFFD, so none vanish silently. */
  clean(text: string, face: Face): string {
    const font = this.fonts[face];
    let out = '';
    for (const ch of normaliseText(text)) {
      const key = `${face}|${ch}`;
      let ok = this.glyphs.get(key);
      if (ok === undefined) {
        ok = ch === '\n' || claimGlyph(font, ch.codePointAt(0)!);
        this.glyphs.set(key, ok);
      }
      out += ok ? ch : '\uFFFD';
    }
    return out;
  }

  measure(text: string, style: Style): number {
    const key = `${style.face}|${style.size}|${text}`;
    let w = WIDTHS.get(key);
    if (w === undefined) {
      w = this.pdf.font(style.face).fontSize(style.size).widthOfString(text);
      if (text.length < 64) {
        if (WIDTHS.size >= MAX_WIDTHS) WIDTHS.clear();
        WIDTHS.set(key, w);
      }
    }
    return w;
  }

  /**
   * Breaks cleaned text into lines no wider than `width`: at spaces where it can, inside a word
   * (a URL, a fingerprint) where it must. Line breaks in the text are kept; blank lines stay.
   */
  wrap(text: string, style: Style, width: number): string[] {
    const lines: string[] = [];
    const space = this.measure(' ', style);
    for (const hard of this.clean(text, style.face).split('\n')) {
      const tokens = hard.match(/ +|[^ ]+/g) ?? [];
      let line = '';
      let lineWidth = 0;
      let pending = ''; // spaces between the line so far and the next word
      for (const [i, token] of tokens.entries()) {
        if (token[0] === ' ') {
          if (i === 0) {
            // Indentation at the start of a line of the original is kept (up to half the width).
            const indent = token.slice(0, Math.max(0, Math.floor(width / 2 / space)));
            line = indent;
            lineWidth = indent.length * space;
          } else {
            pending = token;
          }
          continue;
        }
        const wordWidth = this.measure(token, style);
        const gapWidth = line === '' ? 0 : pending.length * space;
        if (lineWidth + gapWidth + wordWidth <= width) {
          line += (line === '' ? '' : pending) + token;
          lineWidth += gapWidth + wordWidth;
        } else {
          if (line.trim() !== '') {
            lines.push(line);
            line = '';
            lineWidth = 0;
          }
          if (lineWidth + wordWidth <= width) {
            line += token;
            lineWidth += wordWidth;
          } else {
            // Longer than a line: break between characters.
            for (const ch of token) {
              const w = this.measure(ch, style);
              if (lineWidth + w > width && line.trim() !== '') {
                lines.push(line);
                line = '';
                lineWidth = 0;
              }
              line += ch;
              lineWidth += w;
            }
          }
        }
        pending = '';
      }
      lines.push(line.replace(/ +$/, ''));
    }
    return lines;
  }

  /** The text cut to fit `width` on one line, with an ellipsis when anything was cut. */
  truncate(text: string, style: Style, width: number): string {
    const clean = this.clean(text.replace(/\s+/g, ' ').trim(), style.face);
    if (this.measure(clean, style) <= width) return clean;
    const chars = Array.from(clean);
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.measure(`${chars.slice(0, mid).join('').trimEnd()}…`, style) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${chars.slice(0, lo).join('').trimEnd()}…`;
  }

  /** Draws one line (already wrapped) with its top at `y`. */
  drawLine(
    line: string,
    x: number,
    y: number,
    style: Style,
    opts: { align?: 'left' | 'right' | 'center'; width?: number } = {},
  ): void {
    const text = this.clean(line, style.face);
    if (text === '') return;
    let left = x;
    if (opts.align && opts.align !== 'left' && opts.width !== undefined) {
      const w = this.measure(text, style);
      left = opts.align === 'right' ? x + opts.width - w : x + (opts.width - w) / 2;
    }
    this.pdf
      .font(style.face)
      .fontSize(style.size)
      .fillColor(style.color ?? INK)
      .text(text, left, y, { lineBreak: false });
  }

  /** Wrapped text at the cursor, breaking pages between lines. */
  paragraph(
    text: string,
    style: Style,
    opts: { x?: number; width?: number; align?: 'left' | 'right' | 'center'; after?: number } = {},
  ): void {
    const x = opts.x ?? LEFT;
    const width = opts.width ?? RIGHT - x;
    const lh = leading(style);
    for (const line of this.wrap(text, style, width)) {
      this.ensure(lh);
      this.drawLine(line, x, this.y, style, { align: opts.align, width });
      this.y += lh;
    }
    this.y += opts.after ?? 0;
  }

  /** Height `paragraph` would take, without drawing. */
  heightOf(text: string, style: Style, width: number): number {
    return this.wrap(text, style, width).length * leading(style);
  }

  /** A thin horizontal line at `y` (default: the cursor). */
  rule(y = this.y, opts: { x1?: number; x2?: number; color?: string; width?: number } = {}): void {
    this.pdf
      .save()
      .lineWidth(opts.width ?? 0.5)
      .strokeColor(opts.color ?? RULE)
      .moveTo(opts.x1 ?? LEFT, y)
      .lineTo(opts.x2 ?? RIGHT, y)
      .stroke()
      .restore();
  }

  async finish(): Promise<PdfPart> {
    this.onPageEnd?.();
    this.pdf.end();
    const bytes = await this.done;
    return { bytes, pages: this.pageCount };
  }
}
