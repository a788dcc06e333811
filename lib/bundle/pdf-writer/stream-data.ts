import zlib from 'node:zlib';
import { PDFArray, PDFName, type PDFRawStream } from '@cantoo/pdf-lib';
import { UnreadablePdfError } from './errors';
import { N } from './read-pdf';

// The writer copies stream data without decoding it, so a corrupt content stream would pass
// through into the bundle (a blank or half-drawn page, and errors from `qpdf --check`). Content
// streams and form XObjects are small: inflating them costs a few milliseconds per hundred pages,
// so append() does it. Images are most of the bytes (inflating every stream of the 1,000-page
// benchmark took ~400 ms, more than the whole merge): only inspectPdf(…, { deep: true }) checks
// them, for a pre-flight that can afford it.

const FLATE = PDFName.of('FlateDecode');
const DCT = PDFName.of('DCTDecode');
const FORM = PDFName.of('Form');
const FILTER = PDFName.of('Filter');

function firstFilter(stream: PDFRawStream): PDFName | undefined {
  const filter = stream.dict.get(FILTER);
  if (filter instanceof PDFName) return filter;
  if (filter instanceof PDFArray && filter.get(0) instanceof PDFName) return filter.get(0) as PDFName;
  return undefined;
}

/** A Flate stream that does not inflate: corrupt data. A stream that merely stops early is let through, as readers do. */
function checkFlate(stream: PDFRawStream, what: string): void {
  try {
    zlib.inflateSync(stream.contents, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    throw new UnreadablePdfError(
      'damaged',
      `A ${what} in the PDF is corrupt (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
}

export const isFormXObject = (stream: PDFRawStream) => stream.dict.get(N.Subtype) === FORM;

/** Page content and form XObjects: always checked before copying. */
export function checkContentStream(stream: PDFRawStream): void {
  if (firstFilter(stream) === FLATE) checkFlate(stream, 'page content stream');
}

/** Every stream, images included (JPEG data is decoded with sharp): for pre-flight only. */
export async function checkAnyStream(stream: PDFRawStream): Promise<void> {
  const filter = firstFilter(stream);
  if (filter === FLATE) checkFlate(stream, 'stream');
  else if (filter === DCT) {
    const { default: sharp } = await import('sharp');
    try {
      await sharp(stream.contents, { failOn: 'error' }).raw().toBuffer();
    } catch (err) {
      throw new UnreadablePdfError(
        'damaged',
        `A JPEG image in the PDF is corrupt (${err instanceof Error ? err.message : String(err)}).`,
      );
    }
  }
}
