import sharp from 'sharp';
import { sniffFile, SNIFF_HEAD_BYTES, type Sniffed } from '@/lib/evidence/sniff';
import { EMAIL, TINY_HEIC, headOf, makeDocx, makeImage, makePdf, makeZip, tailOf } from './fixtures/files';

// The upload path hands over the first 64 KiB (and the last 64 KiB for long files): do the same.
function sniff(
  bytes: Buffer | string,
  name: string,
  extra: { declaredMime?: string; withTail?: boolean } = {},
): Promise<Sniffed> {
  const file = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const long = file.length > SNIFF_HEAD_BYTES;
  return sniffFile(headOf(file), {
    size: file.length,
    name,
    declaredMime: extra.declaredMime,
    tail: long && extra.withTail !== false ? tailOf(file) : undefined,
  });
}

const accepted = (mime: string, ext: string, family: string) => ({ ok: true, mime, ext, family });
const refusedWith = (pattern: RegExp) => expect.objectContaining({ ok: false, reason: expect.stringMatching(pattern) });
const UNSUPPORTED =
  /can't be filed as evidence\. Accepted: PDF, photos \(JPEG, PNG, WebP, HEIC\), text, email \(\.eml\) and Word \(\.docx\)\.$/;
const HEIC_STUB = Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);

describe('accepts what the bytes say, whatever the browser claims', () => {
  test('PDF', async () => {
    expect(await sniff(makePdf(), 'Suspension letter.pdf', { declaredMime: 'text/html' })).toEqual(
      accepted('application/pdf', 'pdf', 'pdf'),
    );
    expect(await sniff(makePdf(), 'SCAN.PDF')).toEqual(accepted('application/pdf', 'pdf', 'pdf'));
  });

  test('JPEG, PNG and WebP made by an image library, the name’s spelling kept when right', async () => {
    expect(await sniff(await makeImage('jpeg'), 'photo.jpeg')).toEqual(accepted('image/jpeg', 'jpeg', 'image'));
    expect(await sniff(await makeImage('jpeg'), 'photo.JPG')).toEqual(accepted('image/jpeg', 'jpg', 'image'));
    expect(await sniff(await makeImage('png'), 'screenshot.png')).toEqual(accepted('image/png', 'png', 'image'));
    expect(await sniff(await makeImage('webp'), 'post.webp')).toEqual(accepted('image/webp', 'webp', 'image'));
    expect(await sniff(await makeImage('png'), 'no extension')).toEqual(accepted('image/png', 'png', 'image'));
  });

  test('a picture saved under another picture’s extension is accepted and its extension corrected', async () => {
    // Messaging apps save WebP as .jpg all the time; refusing would only hurt the member.
    expect(await sniff(await makeImage('webp'), 'IMG-2021-WA0001.jpg')).toEqual(
      accepted('image/webp', 'webp', 'image'),
    );
    expect(await sniff(await makeImage('png'), 'screenshot.jpg')).toEqual(accepted('image/png', 'png', 'image'));
  });

  test('HEIC and HEIF by their ftyp brand, but not AVIF', async () => {
    expect(await sniff(HEIC_STUB, 'IMG_0001.HEIC')).toEqual(accepted('image/heic', 'heic', 'image'));
    expect(await sniff(TINY_HEIC, 'IMG_0002.heic')).toEqual(accepted('image/heic', 'heic', 'image'));
    const heif = Buffer.concat([Buffer.from('\0\0\0\x18ftypmif1\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);
    expect(await sniff(heif, 'camera.heif')).toEqual(accepted('image/heif', 'heif', 'image'));
    const avif = Buffer.concat([Buffer.from('\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf', 'latin1'), Buffer.alloc(64)]);
    expect(await sniff(avif, 'photo.avif')).toEqual(refusedWith(/AVIF image/));
  });

  test('plain UTF-8 text as .txt, .md or without an extension', async () => {
    const text = '\uFEFFNotes of the meeting — £20 fine, 👍\nSecond line\n';
    expect(await sniff(text, 'notes.txt')).toEqual(accepted('text/plain', 'txt', 'text'));
    expect(await sniff(text, 'notes.md')).toEqual(accepted('text/plain', 'md', 'text'));
    expect(await sniff(text, 'notes')).toEqual(accepted('text/plain', 'txt', 'text'));
    expect(await sniff('Compare 3 < 4 and <b>bold</b> in a note', 'maths.txt')).toEqual(
      accepted('text/plain', 'txt', 'text'),
    );
  });

  test('long text cut in the middle of a character is still text', async () => {
    const text = 'é'.repeat(SNIFF_HEAD_BYTES); // two bytes each: the head ends on a whole one…
    expect(await sniff(`x${text}`, 'long.txt')).toEqual(accepted('text/plain', 'txt', 'text')); // …here it ends inside one
  });

  test('an email (.eml) by its headers, HTML part and all', async () => {
    expect(await sniff(EMAIL, 'notice.eml')).toEqual(accepted('message/rfc822', 'eml', 'email'));
    expect(await sniff(EMAIL, 'notice')).toEqual(accepted('message/rfc822', 'eml', 'email'));
    expect(
      await sniff(
        `From secretary@party.example Tue Mar  2 09:59:00 2021\n${EMAIL.replace(/\r\n/g, '\n')}`,
        'mbox-export.eml',
      ),
    ).toEqual(accepted('message/rfc822', 'eml', 'email'));
    // Saved as .txt it stays a text file (its headers come first, so no browser takes it for a page).
    expect(await sniff(EMAIL, 'notice.txt')).toEqual(accepted('text/plain', 'txt', 'text'));
  });

  test('a Word document (.docx) built as a ZIP', async () => {
    expect(await sniff(makeDocx(), 'statement.docx')).toEqual(
      accepted('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'docx'),
    );
  });

  test('a large Word document whose [Content_Types].xml comes last is checked through the tail', async () => {
    const docx = makeDocx({ contentTypesLast: true, padding: 200_000 });
    expect(await sniff(docx, 'big.docx')).toEqual(expect.objectContaining({ ok: true, family: 'docx' }));
    // Without the tail the parts can't all be seen: refused rather than guessed.
    expect(await sniff(docx, 'big.docx', { withTail: false })).toEqual(refusedWith(/could not be checked/));
  });
});

describe('refuses, saying why in plain words', () => {
  test('an empty file', async () => {
    expect(await sniffFile(Buffer.alloc(0), { size: 0, name: 'nothing.pdf' })).toEqual({
      ok: false,
      reason: 'The file is empty.',
    });
  });

  test('HTML named .pdf, whatever the browser claims', async () => {
    const html = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';
    expect(await sniff(html, 'letter.pdf', { declaredMime: 'application/pdf' })).toEqual({
      ok: false,
      reason: 'The name ends in .pdf but the file is really a web page (HTML).',
    });
    expect(await sniff(`\n\n   ${html.toUpperCase()}`, 'letter.pdf')).toEqual(refusedWith(/really a web page/));
  });

  test('SVG named .pdf, with or without an XML declaration', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>';
    expect(await sniff(svg, 'letter.pdf')).toEqual(
      refusedWith(/^The name ends in \.pdf but the file is really an SVG image\.$/),
    );
    expect(await sniff(`<?xml version="1.0"?>\n${svg}`, 'letter.pdf')).toEqual(refusedWith(/really an SVG image/));
    expect(await sniff(svg, 'drawing.svg')).toEqual(refusedWith(/^This kind of file \(SVG image\)/));
  });

  test('a PNG named .pdf', async () => {
    expect(await sniff(await makeImage('png'), 'letter.pdf')).toEqual({
      ok: false,
      reason: 'The name ends in .pdf but the file is really a PNG image.',
    });
  });

  test('a PDF named .jpg or .docx', async () => {
    expect(await sniff(makePdf(), 'photo.jpg')).toEqual(refusedWith(/ends in \.jpg but the file is really a PDF/));
    expect(await sniff(makePdf(), 'statement.docx')).toEqual(
      refusedWith(/ends in \.docx but the file is really a PDF/),
    );
  });

  test('an HTML-first polyglot named .pdf (a PDF reader would open it too)', async () => {
    const polyglot = Buffer.concat([
      Buffer.from('<html><script>fetch("/api/cases")</script><!--\n', 'latin1'),
      makePdf(),
      Buffer.from([0x80, 0xff, 0x00]),
      Buffer.from('-->'),
    ]);
    expect(await sniff(polyglot, 'letter.pdf')).toEqual(refusedWith(/really a web page/));
  });

  test('a PDF with bytes in front of %PDF-', async () => {
    const prefixed = Buffer.concat([Buffer.from([0x00, 0x01, 0x02, 0xff]), makePdf()]);
    expect(await sniff(prefixed, 'letter.pdf')).toEqual(refusedWith(/extra data in front of it/));
  });

  test('a GIF, and a GIFAR (GIF with a ZIP appended) named .pdf', async () => {
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');
    expect(await sniff(gif, 'animation.gif')).toEqual(refusedWith(/^This kind of file \(GIF image\) can't be filed/));
    expect(await sniff(gif, 'animation.gif')).toEqual(refusedWith(UNSUPPORTED));
    const gifar = Buffer.concat([gif, makeZip([{ name: 'META-INF/MANIFEST.MF', data: 'Main-Class: X\n' }])]);
    expect(await sniff(gifar, 'letter.pdf')).toEqual(refusedWith(/really a GIF image/));
  });

  test('programs: ELF and Windows executables', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    expect(await sniff(elf, 'evidence')).toEqual(refusedWith(/^This kind of file \(program\)/));
    const exe = Buffer.alloc(256);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(128, 0x3c);
    exe.write('PE\0\0', 128, 'latin1');
    expect(await sniff(exe, 'invoice\u202Efdp.exe')).toEqual(refusedWith(/Windows program/));
    expect(await sniff(exe, 'invoice.pdf')).toEqual(
      refusedWith(/ends in \.pdf but the file is really a Windows program/),
    );
  });

  test('a ZIP that is not a Word document, and other Office files', async () => {
    const zip = makeZip([
      { name: 'letter.txt', data: 'hello' },
      { name: 'photo.jpg', data: 'jpeg' },
    ]);
    expect(await sniff(zip, 'letters.zip')).toEqual(refusedWith(/^This kind of file \(ZIP archive\)/));
    expect(await sniff(zip, 'letters.docx')).toEqual(
      refusedWith(/ends in \.docx but the file is really a ZIP archive/),
    );
    const xlsx = makeZip([
      {
        name: '[Content_Types].xml',
        data: '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
      },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
    ]);
    expect(await sniff(xlsx, 'membership.xlsx')).toEqual(refusedWith(/Excel spreadsheet/));
  });

  test('a Word document with macros, however it is named', async () => {
    expect(await sniff(makeDocx({ macros: true }), 'statement.docx')).toEqual(refusedWith(/Word document with macros/));
    const disguised = makeDocx();
    const withMacro = makeZip([
      { name: '[Content_Types].xml', data: disguised.toString('latin1').match(/<\?xml[^]*?<\/Types>/)![0] },
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/vbaProject.bin', data: 'Sub AutoOpen()' },
    ]);
    expect(await sniff(withMacro, 'statement.docx')).toEqual(refusedWith(/Word document with macros/));
  });

  test('a ZIP that claims to be Word but lacks word/document.xml', async () => {
    const fake = makeZip([
      {
        name: '[Content_Types].xml',
        data: makeDocx()
          .toString('latin1')
          .match(/<\?xml[^]*?<\/Types>/)![0],
      },
      { name: 'payload.html', data: '<script>alert(1)</script>' },
    ]);
    expect(await sniff(fake, 'statement.docx')).toEqual(refusedWith(/could not be checked/));
  });

  test('binary data with NULs, named as text', async () => {
    expect(await sniff(Buffer.from('Looks like text\0\0\0\x01\x02 but is not'), 'notes.txt')).toEqual(
      refusedWith(/^The name ends in \.txt but the contents are not a kind of file we recognise\.$/),
    );
    expect(await sniff(Buffer.from('abc\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f'), 'notes')).toEqual(
      refusedWith(/file we don't recognise/),
    );
  });

  test('text in an encoding other than UTF-8', async () => {
    expect(await sniff(Buffer.from('\uFEFFHello', 'utf16le'), 'notes.txt')).toEqual(refusedWith(/UTF-16/));
    expect(await sniff(Buffer.from('Fine of \xa320 imposed on the member', 'latin1'), 'notes.txt')).toEqual(
      refusedWith(/not saved as UTF-8/),
    );
  });

  test('text that is really a web page, wherever the markup is in the head', async () => {
    expect(
      await sniff('Dear member,\n'.repeat(200) + '<script src="https://evil.example/x.js"></script>', 'letter.txt'),
    ).toEqual(refusedWith(/really a web page/));
    expect(await sniff('<html><body>Hello</body></html>', 'page.html')).toEqual(
      refusedWith(/^This kind of file \(web page \(HTML\)\)/),
    );
    expect(await sniff('<!-- comment -->\nhello', 'notes.txt')).toEqual(refusedWith(/web page/));
  });

  test('text under a name we do not accept, and an .eml that is not an email', async () => {
    expect(await sniff('a,b\n1,2\n', 'members.csv')).toEqual(
      refusedWith(/^This kind of file \(\.csv\) can't be filed/),
    );
    expect(await sniff('Just some words\n\nno headers', 'notice.eml')).toEqual(
      refusedWith(/ends in \.eml but the file is really plain text, not an email/),
    );
    expect(await sniff('Subject: only one header\n\nbody', 'notice.eml')).toEqual(refusedWith(/not an email/));
  });

  test('an image with page markup at its start (an image/HTML polyglot)', async () => {
    const jpeg = await makeImage('jpeg');
    const comment = Buffer.from('<html><script>alert(1)</script></html>', 'latin1');
    const segment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]); // a JPEG COM segment
    const polyglot = Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
    expect((await sharp(polyglot).metadata()).format).toBe('jpeg'); // still a valid JPEG
    expect(await sniff(polyglot, 'photo.jpg')).toEqual(refusedWith(/also contains web page code/));
  });

  test('a PDF that mentions <script> is still a PDF (PDFs are downloads, never pages)', async () => {
    expect(await sniff(makePdf({ comment: '<html><script>alert(1)</script>' }), 'letter.pdf')).toEqual(
      accepted('application/pdf', 'pdf', 'pdf'),
    );
  });
});
