import sharp, { type Metadata } from 'sharp';
import { SMALL } from './blocks';
import { BOTTOM, CONTENT_WIDTH, LEFT, TOP, Writer, leading, type PdfPart } from './writer';

// A picture exhibit on one page, as large as the margins allow, aspect ratio kept, centred. The
// picture is decoded and re-encoded by sharp first: turned upright (EXIF orientation), transparency
// put on white, at most 200 dpi (photos) or 300 dpi (screenshots, drawings) at its printed size, sRGB, and without its metadata (a phone's GPS
// position has no business in a bundle; the original's fingerprint is in the manifest). pdfkit then
// only ever embeds a plain baseline JPEG or PNG it need not decode.
//
// Failures throw ImageReproductionError; the caller puts a "could not be reproduced" divider instead.

export type ImageReproductionReason = 'unsupported' | 'unreadable' | 'too-large';

export class ImageReproductionError extends Error {
  constructor(
    readonly reason: ImageReproductionReason,
    message: string,
  ) {
    super(message);
    this.name = 'ImageReproductionError';
  }
}

/** What sharp must find in the bytes for each type we accept (a "PNG" that is really SVG is refused). */
const FORMATS: Record<string, string[]> = {
  'image/jpeg': ['jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/tiff': ['tiff'],
  'image/heic': ['heif'],
  'image/heif': ['heif'],
  'image/avif': ['heif'],
};
/** Decompression bombs: a small file claiming a huge picture is refused before its pixels are decoded. */
const MAX_INPUT_PIXELS = 100_000_000;
/** Enough for print and for zooming in on screen, without making a bundle of fifty photos huge. */
const DPI = { photo: 200, graphic: 300 } as const;
const CAPTION_GAP = 6;

type HeicConvert = (options: {
  buffer: Uint8Array;
  format: 'JPEG' | 'PNG';
  quality?: number;
}) => Promise<ArrayBuffer | Uint8Array>;

async function prepare(
  input: Buffer,
  photo: boolean,
  box: { width: number; height: number },
): Promise<{ data: Buffer; width: number; height: number }> {
  const dpi = photo ? DPI.photo : DPI.graphic;
  const image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated: false, failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .resize({
      width: Math.round((box.width / 72) * dpi),
      height: Math.round((box.height / 72) * dpi),
      fit: 'inside',
      withoutEnlargement: true,
    })
    .toColourspace('srgb');
  const out = photo
    ? image.jpeg({ quality: 85 })
    : image.png({ compressionLevel: 6, adaptiveFiltering: false, palette: false, progressive: false });
  const { data, info } = await out.toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** sharp's libheif reads a HEIC's header but not (without a patent-encumbered codec) its pixels: heic-convert decodes. */
async function heicToJpeg(input: Buffer): Promise<Buffer> {
  // Loaded on first use, as lib/evidence/preview.ts does: its decoder is a few MB of WebAssembly-compiled JavaScript.
  // @ts-expect-error -- heic-convert ships no types; with @types/heic-convert installed, drop this line.
  const { default: convert } = (await import('heic-convert')) as { default: HeicConvert };
  const jpeg = await convert({ buffer: input, format: 'JPEG', quality: 0.92 });
  return Buffer.from(jpeg instanceof ArrayBuffer ? new Uint8Array(jpeg) : jpeg);
}

const reasonText = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0] : String(err));

export async function renderImageEvidence(i: { title: string; bytes: Uint8Array; mimeType: string }): Promise<PdfPart> {
  const mime = i.mimeType.toLowerCase().split(';')[0]!.trim();
  const expected = FORMATS[mime];
  if (!expected)
    throw new ImageReproductionError(
      'unsupported',
      `This image could not be reproduced: pictures of type ${mime || 'unknown'} cannot be placed in a bundle.`,
    );
  const input = Buffer.from(i.bytes.buffer, i.bytes.byteOffset, i.bytes.byteLength);

  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (err) {
    throw new ImageReproductionError(
      'unreadable',
      `This image could not be reproduced: it could not be read (${reasonText(err)}). The file may be damaged.`,
    );
  }
  if (!expected.includes(meta.format ?? '')) {
    throw new ImageReproductionError(
      'unsupported',
      `This image could not be reproduced: the file is not the ${mime} picture it claims to be.`,
    );
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) {
    throw new ImageReproductionError(
      'too-large',
      `This image could not be reproduced: at ${meta.width} × ${meta.height} pixels it is too large to decode safely.`,
    );
  }

  const w = new Writer({ title: i.title });
  const animated = (meta.pages ?? 1) > 1 && meta.format !== 'heif' && meta.format !== 'tiff';
  const caption = w.truncate(animated ? `${i.title} (first frame of an animation)` : i.title, SMALL, CONTENT_WIDTH);
  const top = TOP + leading(SMALL) + CAPTION_GAP;
  const box = { width: CONTENT_WIDTH, height: BOTTOM - top };

  let picture: { data: Buffer; width: number; height: number };
  try {
    picture = await prepare(input, mime !== 'image/png' && mime !== 'image/gif', box);
  } catch (err) {
    if (meta.format !== 'heif') {
      throw new ImageReproductionError(
        'unreadable',
        `This image could not be reproduced: it could not be decoded (${reasonText(err)}). The file may be damaged.`,
      );
    }
    try {
      picture = await prepare(await heicToJpeg(input), true, box);
    } catch (heicErr) {
      throw new ImageReproductionError(
        'unreadable',
        `This image could not be reproduced: the HEIC photo could not be decoded (${reasonText(heicErr)}).`,
      );
    }
  }

  const scale = Math.min(box.width / picture.width, box.height / picture.height);
  const width = picture.width * scale;
  const height = picture.height * scale;
  w.drawLine(caption, LEFT, TOP, SMALL);
  w.pdf.image(picture.data, LEFT + (box.width - width) / 2, top + (box.height - height) / 2, { width, height });
  return w.finish();
}
