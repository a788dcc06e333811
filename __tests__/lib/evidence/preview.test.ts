import childProcess, { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import sharp from 'sharp';
import { Readable } from 'node:stream';
import { makePreview, pdfRenderer } from '@/lib/evidence/preview';
import { BLUE, RED, TINY_HEIC, halvesRgb, makeDocx, makeImage, makePdf } from './fixtures/files';

const GPS_AND_CAMERA = {
  IFD0: { Make: 'TestCam', Model: 'Spy 3000', Software: 'TestCam firmware 1.0' },
  IFD3: {
    GPSLatitudeRef: 'N',
    GPSLatitude: '51/1 30/1 2600/100',
    GPSLongitudeRef: 'W',
    GPSLongitude: '0/1 7/1 3900/100',
  },
};

async function pixel(image: Buffer, x: number, y: number) {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return { r: data[at]!, g: data[at + 1]!, b: data[at + 2]! };
}

/** Lossy codecs move colours a little: near is enough to tell red from blue. */
function expectNear(actual: { r: number; g: number; b: number }, expected: { r: number; g: number; b: number }) {
  for (const channel of ['r', 'g', 'b'] as const)
    expect(Math.abs(actual[channel] - expected[channel])).toBeLessThan(40);
}

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('photos and images', () => {
  test('a JPEG with camera make and GPS position gives a WebP with no EXIF or XMP at all', async () => {
    const photo = await sharp(halvesRgb(1600, 1200), { raw: { width: 1600, height: 1200, channels: 3 } })
      .jpeg()
      .withExif(GPS_AND_CAMERA)
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>Secret place</rdf:Description></rdf:RDF></x:xmpmeta>',
      )
      .toBuffer();
    const original = await sharp(photo).metadata();
    expect(original.exif?.includes('TestCam')).toBe(true); // the fixture really carries what must go
    expect(original.exif?.includes('Spy 3000')).toBe(true);
    expect(original.xmp).toBeDefined();

    const preview = await makePreview(photo, 'image/jpeg');
    expect(preview?.mime).toBe('image/webp');
    const meta = await sharp(preview!.data).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(preview!.data.includes('TestCam')).toBe(false);
    expect(preview!.data.includes('Secret place')).toBe(false);
    expect([meta.width, meta.height]).toEqual([800, 600]);
    expectNear(await pixel(preview!.data, 100, 300), RED);
    expectNear(await pixel(preview!.data, 700, 300), BLUE);
  });

  test('a phone photo taken sideways (EXIF orientation 6) is turned upright before the EXIF goes', async () => {
    const sideways = await sharp(halvesRgb(1000, 500), { raw: { width: 1000, height: 500, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const meta = await sharp((await makePreview(sideways, 'image/jpeg'))!.data).metadata();
    expect([meta.width, meta.height]).toEqual([400, 800]);
    expect(meta.orientation).toBeUndefined();
  });

  test('PNG and WebP too; small pictures are not enlarged', async () => {
    for (const format of ['png', 'webp'] as const) {
      const preview = await makePreview(await makeImage(format, 64, 48), `image/${format}`);
      const meta = await sharp(preview!.data).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 64, 48]);
    }
  });

  test('HEIC is converted, then treated like a JPEG', async () => {
    const preview = await makePreview(TINY_HEIC, 'image/heic');
    const meta = await sharp(preview!.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 64, 48]);
    expect(meta.exif).toBeUndefined();
    expectNear(await pixel(preview!.data, 8, 24), RED);
    expectNear(await pixel(preview!.data, 56, 24), BLUE);
  });

  test('a picture larger than 50 megapixels is not decoded (decompression bomb)', async () => {
    const huge = await sharp({ create: { width: 7100, height: 7100, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    expect(huge.length).toBeLessThan(1_000_000); // small on disk, 150 MB once decoded
    expect(await makePreview(huge, 'image/png')).toBeNull();
    const fine = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    expect(await makePreview(fine, 'image/png')).not.toBeNull(); // 49 MP: just under the limit
  }, 60_000);
});

describe('PDF first page', () => {
  const available = hasPdftoppm();
  // CI installs poppler-utils; there a missing pdftoppm must fail the run, not skip it.
  const testIfAvailable = available || process.env.CI === 'true' ? test : test.skip;

  testIfAvailable('renders the first page to an 800-pixel WebP', async () => {
    const preview = await makePreview(makePdf({ width: 400, height: 200 }), 'application/pdf');
    expect(preview).not.toBeNull();
    const meta = await sharp(preview!.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 800, 400]);
    expectNear(await pixel(preview!.data, 100, 200), RED);
    expectNear(await pixel(preview!.data, 700, 200), BLUE);
  });

  testIfAvailable('a damaged or fake PDF gives no preview', async () => {
    expect(await makePreview(Buffer.from('%PDF-1.7\nthis is not a PDF at all\n'), 'application/pdf')).toBeNull();
    expect(await makePreview(makePdf().subarray(0, 40), 'application/pdf')).toBeNull();
  });

  test('no pdftoppm on the machine: no preview, no error', async () => {
    // The real spawn (from the tool helper), of a program that does not exist (ENOENT), as on a machine without poppler-utils.
    pdfRenderer.command = '/nonexistent/pdftoppm';
    try {
      expect(await makePreview(makePdf(), 'application/pdf')).toBeNull();
    } finally {
      pdfRenderer.command = 'pdftoppm';
    }
    if (available) expect(await makePreview(makePdf(), 'application/pdf')).not.toBeNull();
  });

  testIfAvailable(
    'a PDF given as a stream is rendered as it is read; a stream that fails part-way gives no preview',
    async () => {
      const pdf = makePdf({ width: 400, height: 200 });
      const pieces = (fail: boolean) =>
        Readable.from(
          (function* () {
            for (let at = 0; at < pdf.length; at += 100) {
              if (fail && at > pdf.length / 2) throw new Error('the stored file failed its check');
              yield pdf.subarray(at, at + 100);
            }
          })(),
        );
      const preview = await makePreview(pieces(false), 'application/pdf');
      expect((await sharp(preview!.data).metadata()).width).toBe(800);
      expect(await makePreview(pieces(true), 'application/pdf')).toBeNull();
    },
  );

  testIfAvailable(
    'previews are made one after another and side by side from one helper process, not one fork of the server each',
    async () => {
      const spawn = jest.spyOn(childProcess, 'spawn');
      const execFile = jest.spyOn(childProcess, 'execFile');
      try {
        const results = await Promise.all(Array.from({ length: 6 }, () => makePreview(makePdf(), 'application/pdf')));
        expect(results.every((r) => r?.mime === 'image/webp')).toBe(true);
        // The helper was started before (by the tests above) or now, once; pdftoppm is never started from here.
        expect(execFile).not.toHaveBeenCalled();
        expect(spawn.mock.calls.filter(([file]) => file !== process.execPath)).toEqual([]);
        expect(spawn.mock.calls.length).toBeLessThanOrEqual(1);
      } finally {
        spawn.mockRestore();
        execFile.mockRestore();
      }
    },
  );
});

describe('nothing to show, never an error', () => {
  test('garbage under every type gives null', async () => {
    const garbage = crypto.randomBytes(4096);
    for (const mime of ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf']) {
      await expect(makePreview(garbage, mime)).resolves.toBeNull();
    }
    await expect(makePreview(Buffer.alloc(0), 'image/jpeg')).resolves.toBeNull();
  });

  test('bytes that are not what the type says are not decoded by another decoder', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    expect(await makePreview(svg, 'image/png')).toBeNull();
    expect(await makePreview(await makeImage('png'), 'image/jpeg')).toBeNull();
    expect(
      await makePreview(
        Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(200)]),
        'image/heic',
      ),
    ).toBeNull();
  });

  test('text, email and Word documents have no preview (the page shows an icon)', async () => {
    expect(await makePreview(Buffer.from('hello'), 'text/plain')).toBeNull();
    expect(await makePreview(Buffer.from('From: a\r\nTo: b\r\n\r\nhi'), 'message/rfc822')).toBeNull();
    expect(
      await makePreview(makeDocx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ).toBeNull();
  });
});
