import { execFile } from 'node:child_process';
import sharp from 'sharp';

// Previews are new pictures made from the evidence, never the evidence itself: decoded, resized
// and re-encoded as WebP, which drops every byte we did not draw, including EXIF (GPS position,
// phone make and serial), XMP and anything hidden after the image data. The original stays
// untouched and fingerprinted. Decoding untrusted files is where image libraries get attacked,
// so each step is bounded (pixels, time, output size) and any failure means "no preview".

export type Preview = { data: Buffer; mime: 'image/webp' };

const MAX_EDGE = 800;
/** Decompression bombs: a small file that claims to be a huge picture is refused before decoding. */
const MAX_INPUT_PIXELS = 50_000_000;
const PDF_TIMEOUT_MS = 15_000;
const MAX_RENDER_BYTES = 32 * 1024 * 1024;
const SHARP_FORMAT: Record<string, 'jpeg' | 'png' | 'webp'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

type HeicConvert = (options: { buffer: Uint8Array; format: 'JPEG' | 'PNG'; quality?: number }) => Promise<ArrayBuffer | Uint8Array>;

async function toWebp(input: Buffer, expected: 'jpeg' | 'png' | 'webp'): Promise<Preview | null> {
  const image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true, animated: false });
  // Only the decoder the sniffed type calls for: bytes that are really SVG, TIFF… get no preview.
  if ((await image.metadata()).format !== expected) return null;
  const data = await image.resize(MAX_EDGE, MAX_EDGE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  return { data, mime: 'image/webp' };
}

/** sharp's libheif reads HEIC headers but (without a patent-encumbered codec) not the pixels: heic-convert decodes. */
async function heicToWebp(input: Buffer): Promise<Preview | null> {
  const { width = 0, height = 0 } = await sharp(input).metadata();
  if (!width || !height || width * height > MAX_INPUT_PIXELS) return null;
  // Loaded on first use: its decoder is a few MB of WebAssembly-compiled JavaScript.
  // @ts-expect-error -- heic-convert ships no types; with @types/heic-convert installed, drop this line.
  const { default: convert } = (await import('heic-convert')) as { default: HeicConvert };
  const jpeg = await convert({ buffer: input, format: 'JPEG', quality: 0.9 });
  return toWebp(Buffer.from(jpeg instanceof ArrayBuffer ? new Uint8Array(jpeg) : jpeg), 'jpeg');
}

/** First page as PNG, from Debian's poppler-utils: no shell, input on stdin, killed after 15 s. */
function renderFirstPdfPage(pdf: Buffer): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const child = execFile(
      'pdftoppm',
      ['-q', '-png', '-f', '1', '-l', '1', '-scale-to', String(MAX_EDGE), '-'],
      { encoding: 'buffer', timeout: PDF_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: MAX_RENDER_BYTES, windowsHide: true },
      (error, stdout) => resolve(error || stdout.length === 0 ? null : stdout),
    );
    // pdftoppm may stop reading a damaged file early (EPIPE), or not exist (ENOENT): both mean no preview.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(pdf);
  });
}

/**
 * A WebP preview that fits 800×800 for a photo, an image or a PDF's first page; null for other
 * kinds (the page shows an icon) and for anything that cannot be decoded safely. Never throws.
 */
export async function makePreview(input: Buffer, mime: string): Promise<Preview | null> {
  try {
    const format = SHARP_FORMAT[mime];
    if (format) return await toWebp(input, format);
    if (mime === 'image/heic' || mime === 'image/heif') return await heicToWebp(input);
    if (mime === 'application/pdf') {
      const page = await renderFirstPdfPage(input);
      return page ? await toWebp(page, 'png') : null;
    }
    return null;
  } catch {
    return null;
  }
}
