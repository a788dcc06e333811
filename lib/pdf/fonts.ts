import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

// DejaVu Sans for every generated PDF: it covers the names people have ("Siobhán Ó Dálaigh",
// "Łukasz Żółć"), and pdfkit's built-in Helvetica would read AFM files from its own folder at run
// time, which a bundled server cannot be trusted to ship.
//
// The fonts are parsed once per process and handed to pdfkit as fontkit objects: parsing a TTF's
// tables is most of the cost of a short PDF (a one-page letter took ~120 ms with the font opened
// from disk for each document; pdfkit still makes a fresh subset per document). The files are found
// by resolving the package from the project root at run time, so no bundler rewrites the lookup.

export type PdfFonts = { regular: fontkit.Font; bold: fontkit.Font };

let fonts: PdfFonts | undefined;

export function pdfFonts(): PdfFonts {
  if (!fonts) {
    const resolve = createRequire(path.join(process.cwd(), 'package.json')).resolve;
    const dir = path.join(path.dirname(resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const open = (file: string) => claimAllGlyphs(fontkit.openSync(path.join(dir, file)) as fontkit.Font);
    fonts = { regular: open('DejaVuSans.ttf'), bold: open('DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

/**
 * fontkit keeps one glyph object per glyph for the life of the font, and records on it the
 * characters it stands for only as text is laid out. DejaVu composes "Ó" from "O" and an accent, and
 * once a PDF containing "Ó" is finished, later PDFs in the same process would record "O" with no
 * character: pdfkit's ToUnicode map then drops it and "Oct" copies or searches as "ct". Giving every
 * base glyph its characters up front (a few ms per font, once per process) keeps every PDF's text exact.
 */
function claimAllGlyphs(font: fontkit.Font): fontkit.Font {
  // Only the characters composed glyphs are built from (Latin letters, combining accents) and common
  // punctuation, in code point order: claiming everything would make the "fi" ligature stand for
  // U+FB01 instead of "f" + "i", and a glyph shared by two characters stands for the first, plain one.
  const wanted = (cp: number) => (cp >= 0x20 && cp <= 0x36f) || (cp >= 0x2000 && cp <= 0x20cf);
  for (const codePoint of [...font.characterSet].filter(wanted).sort((a, b) => a - b)) {
    const glyph = font.glyphForCodePoint(codePoint);
    if (glyph.codePoints.length === 0) glyph.codePoints.push(codePoint);
  }
  return font;
}
