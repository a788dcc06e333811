import { StandardFontEmbedder, StandardFonts } from '@cantoo/pdf-lib';
import type { Box } from './read-pdf';
import { pdfNumber } from './serialize';

// The page number is set in standard Helvetica (one font object for the whole bundle, nothing
// embedded): WinAnsi covers the stamp's text, and every reader has the font.
// (pdf-lib's StandardFonts enum holds the same strings as the FontNames type it asks for.)
const helvetica = StandardFontEmbedder.for(
  StandardFonts.Helvetica as string as Parameters<typeof StandardFontEmbedder.for>[0],
);

/** The shared font object the stamp uses, written once per bundle. */
export const STAMP_FONT_OBJECT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';

const SIZE = 10;
const PAD = 2.5;
const RIGHT = 14;
const BOTTOM = 10;

/** Each character's WinAnsi code (as hex) and width at 1 pt; '?' stands in for what Helvetica cannot show. */
const glyphs = new Map<string, { hex: string; width: number }>();
function glyph(ch: string): { hex: string; width: number } {
  let g = glyphs.get(ch);
  if (!g) {
    try {
      g = { hex: helvetica.encodeText(ch).asString(), width: helvetica.widthOfTextAtSize(ch, 1) };
    } catch {
      g = glyph('?');
    }
    glyphs.set(ch, g);
  }
  return g;
}

function encode(text: string): { hex: string; width: number } {
  let hex = '';
  let width = 0;
  for (const ch of text) {
    const g = glyph(ch);
    hex += g.hex;
    width += g.width;
  }
  return { hex: `<${hex}>`, width: width * SIZE };
}

/**
 * The content stream that follows a page's own content: `Q` closes the `q` put before it (so
 * whatever graphics state the page left behind cannot move, clip or hide the stamp), then a white
 * box and the text in the bottom right corner of the page as it is shown. The visible box is the
 * CropBox within the MediaBox; `cm` maps that corner into user space for /Rotate 90, 180 and 270,
 * so the number is upright on screen and in print whatever the page's rotation or origin.
 */
export function stampContent(text: string, visible: Box, rotate: number, fontKey: string): string {
  const [x0, y0, x1, y1] = visible;
  const w = x1 - x0;
  const h = y1 - y0;
  const shownWidth = rotate % 180 === 0 ? w : h;
  const { hex, width } = encode(text);
  const boxW = width + 2 * PAD;
  const boxH = SIZE * 0.93 + 2 * PAD; // Helvetica's ascender + descender
  const x = Math.max(2, shownWidth - RIGHT - boxW);
  const y = BOTTOM;
  // Display coordinates (origin at the bottom left of the page as shown) → user space.
  const cm: Record<number, number[]> = {
    0: [1, 0, 0, 1, x0, y0],
    90: [0, 1, -1, 0, x0 + w, y0],
    180: [-1, 0, 0, -1, x0 + w, y0 + h],
    270: [0, -1, 1, 0, x0, y0 + h],
  };
  const n = (v: number) => pdfNumber(Math.round(v * 100) / 100);
  return [
    '',
    'Q',
    'q',
    `${cm[rotate]!.map(n).join(' ')} cm`,
    '1 g',
    `${n(x)} ${n(y)} ${n(boxW)} ${n(boxH)} re f`,
    '0 g',
    'BT',
    `/${fontKey} ${SIZE} Tf`,
    `${n(x + PAD)} ${n(y + PAD + SIZE * 0.21)} Td`,
    `${hex} Tj`,
    'ET',
    'Q',
    '',
  ].join('\n');
}
