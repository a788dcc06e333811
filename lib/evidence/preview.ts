import type { Readable } from 'node:stream';
import { runTool } from './tool-relay';

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
const SHARP_FORMAT: Record<string, 'jpeg' | 'png' | 'webp'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

type HeicConvert = (options: {
  buffer: Uint8Array;
  format: 'JPEG' | 'PNG';
  quality?: number;
}) => Promise<ArrayBuffer | Uint8Array>;

/**
 * sharp (libvips), loaded by the first picture: the web process imports this module for `pdfRenderer` only, and
 * sharp loaded with it held about 20 MB resident in every web process that never makes a preview.
 */
async function loadSharp() {
  return (await import('sharp')).default;
}

async function toWebp(input: Buffer, expected: 'jpeg' | 'png' | 'webp'): Promise<Preview | null> {
  const sharp = await loadSharp();
  const image = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true, animated: false });
  // Only the decoder the sniffed type calls for: bytes that are really SVG, TIFF… get no preview.
  if ((await image.metadata()).format !== expected) return null;
  const data = await image
    .resize(MAX_EDGE, MAX_EDGE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  return { data, mime: 'image/webp' };
}

/** sharp's libheif reads HEIC headers but (without a patent-encumbered codec) not the pixels: heic-convert decodes. */
async function heicToWebp(input: Buffer): Promise<Preview | null> {
  const sharp = await loadSharp();
  const { width = 0, height = 0 } = await sharp(input).metadata();
  if (!width || !height || width * height > MAX_INPUT_PIXELS) return null;
  // Loaded on first use: its decoder is a few MB of WebAssembly-compiled JavaScript.
  // @ts-expect-error -- heic-convert ships no types; with @types/heic-convert installed, drop this line.
  const { default: convert } = (await import('heic-convert')) as { default: HeicConvert };
  const jpeg = await convert({ buffer: input, format: 'JPEG', quality: 0.9 });
  return toWebp(Buffer.from(jpeg instanceof ArrayBuffer ? new Uint8Array(jpeg) : jpeg), 'jpeg');
}

/** The PDF renderer: Debian's poppler-utils. Tests name a program that does not exist, as on a machine without it. */
export const pdfRenderer = { command: 'pdftoppm' };

/**
 * First page as PNG, from pdftoppm: no shell, input on stdin, killed after 15 s, run from the tool
 * helper (./tool-relay.ts) rather than forked from the server. A stream is passed on as it is read,
 * so the file is never whole in this process's memory.
 */
function renderFirstPdfPage(pdf: Buffer | Readable): Promise<Buffer | null> {
  return runTool(pdfRenderer.command, ['-q', '-png', '-f', '1', '-l', '1', '-scale-to', String(MAX_EDGE), '-'], pdf, {
    timeoutMs: PDF_TIMEOUT_MS,
    maxBytes: MAX_RENDER_BYTES,
  }).then((out) => (out && out.length ? out : null));
}

/**
 * A WebP preview that fits 800×800 for a photo, an image or a PDF's first page; null for other
 * kinds (the page shows an icon) and for anything that cannot be decoded safely. Never throws.
 * A PDF may be given as a stream (it goes to pdftoppm as it is read); other kinds need the bytes.
 */
export async function makePreview(input: Buffer | Readable, mime: string): Promise<Preview | null> {
  try {
    if (mime === 'application/pdf') {
      const page = await renderFirstPdfPage(input);
      return page ? await toWebp(page, 'png') : null;
    }
    if (!Buffer.isBuffer(input)) return null;
    const format = SHARP_FORMAT[mime];
    if (format) return await toWebp(input, format);
    if (mime === 'image/heic' || mime === 'image/heif') return await heicToWebp(input);
    return null;
  } catch {
    return null;
  } finally {
    if (!Buffer.isBuffer(input)) input.destroy();
  }
}
