import { contentDispositionFor, extensionOf, safeFilename } from '@/lib/evidence/filenames';

describe('safeFilename', () => {
  test('keeps an ordinary name as it is, unicode letters and case included', () => {
    expect(safeFilename('Suspension letter 2021-03-02.pdf')).toBe('Suspension letter 2021-03-02.pdf');
    expect(safeFilename('Łódź – notatka żółć.PDF')).toBe('Łódź – notatka żółć.PDF');
    expect(safeFilename('رسالة التعليق.pdf')).toBe('رسالة التعليق.pdf');
  });

  test('drops folders, Unix and Windows style', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('..\\..\\win.ini')).toBe('win.ini');
    expect(safeFilename('C:\\Users\\member\\Desktop\\letter.pdf')).toBe('letter.pdf');
    expect(safeFilename('/var/data/../..')).toBe('evidence');
    expect(safeFilename('..')).toBe('evidence');
  });

  test('removes ".." runs, and dots and spaces at either end', () => {
    expect(safeFilename('..hidden..name...pdf')).toBe('hidden.name.pdf');
    expect(safeFilename('  . report .  ')).toBe('report');
  });

  test('removes control characters and collapses whitespace', () => {
    expect(safeFilename('line\r\nbreak\tand\u0000nul\u0007.txt')).toBe('line break andnul.txt');
    expect(safeFilename('a\u00a0\u2003  b\u2028c.txt')).toBe('a b c.txt');
    expect(safeFilename('Content-Type: text/html\r\n\r\n<script>.txt')).toBe('html _script_.txt');
  });

  test('removes bidi overrides and invisible characters that disguise an extension', () => {
    expect(safeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFilename('invoice\u202Efdp.exe', 'pdf')).toBe('invoicefdp.pdf');
    expect(safeFilename('a\u200Bb\u2066c\u2069\uFEFF.txt')).toBe('abc.txt');
  });

  test('replaces characters Windows cannot save, and guards its device names', () => {
    expect(safeFilename('Minutes: "final" <v2>|draft?*.txt')).toBe('Minutes_ _final_ _v2__draft__.txt');
    expect(safeFilename('CON.txt')).toBe('_CON.txt');
    expect(safeFilename('lpt1')).toBe('_lpt1');
    expect(safeFilename('console.txt')).toBe('console.txt');
  });

  test('caps long names at 120 characters, keeping the extension and whole characters', () => {
    const long = safeFilename(`${'a'.repeat(300)}.pdf`);
    expect(long).toHaveLength(120);
    expect(long.endsWith('a.pdf')).toBe(true);
    const emoji = safeFilename(`${'👍🏽'.repeat(100)}.jpeg`);
    expect([...emoji].length).toBeLessThanOrEqual(120);
    expect(emoji.endsWith('👍🏽.jpeg')).toBe(true);
    expect(emoji.replace(/(👍🏽)+/u, '')).toBe('.jpeg');
    expect(safeFilename(`${'b'.repeat(300)}`)).toBe('b'.repeat(120));
    const words = safeFilename(`${'word '.repeat(60)}.txt`);
    expect(words).toHaveLength(120);
    expect(words).toMatch(/^(word )+wo?r?d?\.txt$/);
  });

  test('falls back to "evidence" when nothing is left', () => {
    expect(safeFilename('')).toBe('evidence');
    expect(safeFilename('   ')).toBe('evidence');
    expect(safeFilename('\u202E\u0000')).toBe('evidence');
    expect(safeFilename('', 'pdf')).toBe('evidence.pdf');
    expect(safeFilename('../', 'jpg')).toBe('evidence.jpg');
  });

  test('forces the sniffed extension, replacing a wrong one', () => {
    expect(safeFilename('letter.pdf', 'pdf')).toBe('letter.pdf');
    expect(safeFilename('IMG_0001.JPG', 'jpg')).toBe('IMG_0001.JPG');
    expect(safeFilename('screenshot.jpg', 'png')).toBe('screenshot.png');
    expect(safeFilename('statement', 'docx')).toBe('statement.docx');
    expect(safeFilename('Meeting v1.2', 'txt')).toBe('Meeting v1.2.txt');
    expect(safeFilename('Letter from J. Smith', 'pdf')).toBe('Letter from J. Smith.pdf');
    expect(safeFilename('invoice.pdf.exe', 'pdf')).toBe('invoice.pdf');
    expect(safeFilename('photo.', '.webp')).toBe('photo.webp');
    expect(safeFilename(`${'c'.repeat(300)}.exe`, 'pdf')).toBe(`${'c'.repeat(116)}.pdf`);
  });

  test('is stable: cleaning a clean name changes nothing', () => {
    for (const name of [
      '../../etc/passwd',
      'invoice\u202Efdp.exe',
      `${'é'.repeat(200)}.txt`,
      'CON',
      ' a..b . ',
      'x:y*z?.md',
    ]) {
      const once = safeFilename(name, 'pdf');
      expect(safeFilename(once, 'pdf')).toBe(once);
    }
  });
});

describe('extensionOf', () => {
  test('finds a real extension only', () => {
    expect(extensionOf('a/b/Letter.PDF')).toBe('pdf');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('Meeting v1.2')).toBe('');
    expect(extensionOf('Letter from J. Smith')).toBe('');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('photo.jpg. ')).toBe('jpg');
  });
});

describe('contentDispositionFor', () => {
  test('an ASCII name is a plain attachment', () => {
    expect(contentDispositionFor('letter.pdf')).toBe('attachment; filename="letter.pdf"');
  });

  test('a unicode name has an ASCII fallback and the UTF-8 name', () => {
    expect(contentDispositionFor('Łódź notatka.pdf')).toBe(
      `attachment; filename="Lodz notatka.pdf"; filename*=UTF-8''%C5%81%C3%B3d%C5%BA%20notatka.pdf`,
    );
    expect(contentDispositionFor('رسالة.pdf')).toBe(
      `attachment; filename="evidence.pdf"; filename*=UTF-8''%D8%B1%D8%B3%D8%A7%D9%84%D8%A9.pdf`,
    );
  });

  test('header injection and path tricks cannot get through', () => {
    const header = contentDispositionFor('../evil\r\nSet-Cookie: x=1;".pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe('attachment; filename="evil Set-Cookie_ x=1;_.pdf"');
    expect(contentDispositionFor('100%41.pdf')).toBe(
      `attachment; filename="100_41.pdf"; filename*=UTF-8''100%2541.pdf`,
    );
    expect(contentDispositionFor('')).toBe('attachment; filename="evidence"');
  });
});
