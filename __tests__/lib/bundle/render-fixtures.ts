import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

// Reading the bundle parts back with the tools a panel's software is built on (qpdf, poppler), and
// the fixtures they are fed: emails as raw MIME, images made with sharp.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-bundle-parts-'));
const tempFile = (buf: Buffer, ext: string) => {
  const file = path.join(dir, `${crypto.randomBytes(6).toString('hex')}.${ext}`);
  fs.writeFileSync(file, buf);
  return file;
};

export const PAGE = { width: 595.28, height: 841.89 };
export const MM = 72 / 25.4;
/** The top of the band the assembler stamps page numbers in: nothing of ours may reach below it. */
export const BAND_TOP = PAGE.height - 20 * MM;

/** Asserts `qpdf --check` finds no error (non-zero exit throws) and no warning. */
export function expectCleanPdf(pdf: Buffer): void {
  const out = execFileSync('qpdf', ['--check', tempFile(pdf, 'pdf')], { encoding: 'utf8' });
  expect(out).toMatch(/No syntax or stream encoding errors found/);
  expect(out).not.toMatch(/WARNING/i);
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = execFileSync('pdfinfo', [tempFile(pdf, 'pdf')], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

export const pdfPages = (pdf: Buffer): number => Number(pdfInfo(pdf).Pages);

/** The text of each page, as pdftotext reads it (reading order, no layout). */
export function pdfPageTexts(pdf: Buffer): string[] {
  const out = execFileSync('pdftotext', ['-enc', 'UTF-8', tempFile(pdf, 'pdf'), '-'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.split('\f').slice(0, -1);
}

export const pdfText = (pdf: Buffer): string => pdfPageTexts(pdf).join('\n');

/** Text with all whitespace removed: line wrapping then cannot hide a difference. */
export const squash = (s: string): string => s.replace(/\s+/g, '');

export type Word = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** Every word's box per page (points, origin top left), from `pdftotext -bbox`. */
export function pdfWords(pdf: Buffer): { width: number; height: number; words: Word[] }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', tempFile(pdf, 'pdf'), '-'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages: { width: number; height: number; words: Word[] }[] = [];
  const token =
    /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(token)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]), words: [] });
    else
      pages.at(-1)!.words.push({
        text: decodeXml(m[7]!),
        xMin: Number(m[3]),
        yMin: Number(m[4]),
        xMax: Number(m[5]),
        yMax: Number(m[6]),
      });
  }
  return pages;
}

const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export type Raster = { width: number; height: number; data: Buffer };

/** Each page as 8-bit grey pixels at 72 dpi (one pixel per point), from pdftoppm. */
export function rasterPages(pdf: Buffer): Raster[] {
  const prefix = path.join(dir, crypto.randomBytes(6).toString('hex'));
  execFileSync('pdftoppm', ['-gray', '-r', '72', tempFile(pdf, 'pdf'), prefix]);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.pgm'))
    .sort();
  return files.map((f) => {
    const buf = fs.readFileSync(path.join(dir, f));
    // P5 <width> <height> <max>\n<pixels>
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'))!;
    return { width: Number(header[1]), height: Number(header[2]), data: buf.subarray(header[0].length) };
  });
}

/** The box of the pixels darker than `threshold` in rows from..to (all rows by default); null when all are light. */
export function inkBox(
  r: Raster,
  opts: { fromRow?: number; toRow?: number; threshold?: number } = {},
): { x1: number; y1: number; x2: number; y2: number } | null {
  const threshold = opts.threshold ?? 245;
  let box: { x1: number; y1: number; x2: number; y2: number } | null = null;
  for (let y = opts.fromRow ?? 0; y < (opts.toRow ?? r.height); y++) {
    for (let x = 0; x < r.width; x++) {
      if (r.data[y * r.width + x]! < threshold) {
        if (!box) box = { x1: x, y1: y, x2: x, y2: y };
        else {
          box.x1 = Math.min(box.x1, x);
          box.x2 = Math.max(box.x2, x);
          box.y1 = Math.min(box.y1, y);
          box.y2 = Math.max(box.y2, y);
        }
      }
    }
  }
  return box;
}

export const pixel = (r: Raster, x: number, y: number): number => r.data[Math.round(y) * r.width + Math.round(x)]!;

/**
 * Nothing in the bottom 20 mm of any page: no word (pdftotext's boxes) and no ink at all — text,
 * rules, fills or pictures — in the rendered page.
 */
export function expectBottomBandEmpty(pdf: Buffer): void {
  const pages = pdfWords(pdf);
  expect(pages.length).toBe(pdfPages(pdf));
  for (const [i, page] of pages.entries()) {
    expect(page.height).toBeCloseTo(PAGE.height, 0);
    expect(page.width).toBeCloseTo(PAGE.width, 0);
    const low = page.words.filter((w) => w.yMax > BAND_TOP);
    expect({ page: i + 1, low }).toEqual({ page: i + 1, low: [] });
  }
  for (const [i, r] of rasterPages(pdf).entries()) {
    expect({ page: i + 1, ink: inkBox(r, { fromRow: Math.ceil(BAND_TOP), threshold: 255 }) }).toEqual({
      page: i + 1,
      ink: null,
    });
  }
}

/** The checks every part must pass: clean for qpdf, the page count it claims, the band empty, DejaVu only. */
export function expectGoodPart(part: { bytes: Buffer; pages: number }): void {
  expect(part.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expectCleanPdf(part.bytes);
  expect(pdfPages(part.bytes)).toBe(part.pages);
  expect(part.bytes.includes('Helvetica')).toBe(false);
  expectBottomBandEmpty(part.bytes);
}

// --- Emails (CRLF line ends, as mail servers store them) ---------------------------------------

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'utf8');

export const plainEmail = () =>
  crlf(`From: Governance and Legal Unit <glu@party.example>
To: Siobhán Ó Dálaigh <siobhan@example.org>
Cc: Łukasz Żółć <lukasz@example.org>, branch-secretary@example.org
Subject: Notice of administrative suspension
Date: Tue, 04 May 2021 09:30:00 +0100
Message-ID: <1@party.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Dear Siobhán,

You are administratively suspended pending an investigation.
Please reply within 14 days.

Governance and Legal Unit
`);

export const htmlOnlyEmail = () =>
  crlf(`From: "Gov & Legal" <glu@party.example>
To: member@example.org
Subject: Your membership
Date: Wed, 01 Dec 2021 16:05:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<!DOCTYPE html>
<html><head><title>Hidden title</title><style>.x { color: red; }</style></head>
<body>
<p>Dear member,</p>
<script type="text/javascript">document.write('owned'); alert("xss")</script>
<p class="x">You are <b>suspended</b> &amp; under investigation &lt;ref 42&gt;.</p>
<ul><li>First point</li><li>Second point</li></ul>
<!-- a comment that must not show -->
<p><a href="https://party.example/appeal">Lodge an appeal</a></p>
<img src="https://tracker.example/pixel.gif" onerror="alert(1)" alt="">
</body></html>
`);

export const ATTACHMENT_BYTES = 3000;
export const multipartEmail = () => {
  const attachment = Buffer.alloc(ATTACHMENT_BYTES, 'Q').toString('base64').replace(/.{76}/g, '$&\n');
  return crlf(`From: Branch Secretary <secretary@branch.example>
To: Siobhán Ó Dálaigh <siobhan@example.org>
Subject: Minutes and letter
Date: Fri, 03 Oct 2025 12:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

This is the plain version of the message.
--inner
Content-Type: text/html; charset=utf-8

<p>This is the <b>HTML</b> version of the message.</p>
--inner--

--outer
Content-Type: application/pdf; name="letter-4-May.pdf"
Content-Disposition: attachment; filename="letter-4-May.pdf"
Content-Transfer-Encoding: base64

${attachment}
--outer--
`);
};

export const NON_ASCII_SUBJECT = 'Suspensión de membresía – Łódź ✓';
export const nonAsciiEmail = () =>
  crlf(`From: =?UTF-8?Q?Siobh=C3=A1n_=C3=93_D=C3=A1laigh?= <siobhan@example.org>
To: appeals@party.example
Subject: =?UTF-8?B?${Buffer.from(NON_ASCII_SUBJECT).toString('base64')}?=
Date: Sat, 21 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Ca=F1=F3n =E9t=E9 d=E9j=E0 vu.
`);

// --- Images ------------------------------------------------------------------------------------

/** 200×100 pixels stored: left half black, right half grey, tagged "rotate 90° clockwise to view". */
export async function jpegOrientation6(): Promise<Buffer> {
  const raw = Buffer.alloc(200 * 100 * 3);
  for (let y = 0; y < 100; y++)
    for (let x = 0; x < 200; x++) raw.fill(x < 100 ? 0 : 128, (y * 200 + x) * 3, (y * 200 + x) * 3 + 3);
  return sharp(raw, { raw: { width: 200, height: 100, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** 400×400, transparent black everywhere except an opaque black 200×200 square in the middle. */
export async function pngWithAlpha(): Promise<Buffer> {
  const raw = Buffer.alloc(400 * 400 * 4);
  for (let y = 100; y < 300; y++) for (let x = 100; x < 300; x++) raw[(y * 400 + x) * 4 + 3] = 255;
  return sharp(raw, { raw: { width: 400, height: 400, channels: 4 } })
    .png()
    .toBuffer();
}

/** A solid dark picture of the given size in the given format. */
export function solid(
  width: number,
  height: number,
  format: 'webp' | 'png' | 'jpeg' | 'gif' | 'tiff' | 'avif',
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 40, b: 40 } } })
    .toFormat(format)
    .toBuffer();
}
