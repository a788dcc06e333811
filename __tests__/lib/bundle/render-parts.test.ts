import fs from 'node:fs';
import path from 'node:path';
import {
  FAIRNESS_KEYS,
  FAIRNESS_QUESTIONS,
  ImageReproductionError,
  indexPageCount,
  renderChronology,
  renderCover,
  renderEmailEvidence,
  renderExhibitDivider,
  renderImageEvidence,
  renderIndex,
  renderManifest,
  renderReviewCase,
  renderReviewSummary,
  renderSectionDivider,
  renderStatement,
  renderTextEvidence,
  type ChronologyRow,
  type FairnessRow,
  type IndexRow,
  type ManifestRow,
} from '@/lib/bundle/render-parts';
import {
  ATTACHMENT_BYTES,
  BAND_TOP,
  MM,
  NON_ASCII_SUBJECT,
  PAGE,
  expectGoodPart,
  htmlOnlyEmail,
  inkBox,
  jpegOrientation6,
  multipartEmail,
  nonAsciiEmail,
  pdfInfo,
  pdfPageTexts,
  pdfPages,
  pdfText,
  pdfWords,
  pixel,
  plainEmail,
  pngWithAlpha,
  rasterPages,
  solid,
  squash,
} from './render-fixtures';
import { htmlToText } from '@/lib/bundle/render/html-text';

// The pages of a bundle, read back with qpdf and poppler: valid files, the page count they claim,
// the data in the text, the bottom 20 mm (the assembler's page-number band) left empty on every page.

const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA2 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const LONG =
  'A remarkably long title about the notice of administrative suspension and everything that followed from it in the branch';

describe('fairness questions', () => {
  test('seven plain-English questions, in a module a client component can import', () => {
    expect(FAIRNESS_KEYS).toEqual([
      'TOLD_ALLEGATIONS',
      'SHOWN_EVIDENCE',
      'CHANCE_TO_RESPOND',
      'UNCONFLICTED_BODY',
      'REASONABLE_TIME',
      'RULE_IN_FORCE',
      'APPEAL_OFFERED',
    ]);
    expect(Object.keys(FAIRNESS_QUESTIONS).sort()).toEqual([...FAIRNESS_KEYS].sort());
    expect(FAIRNESS_QUESTIONS.TOLD_ALLEGATIONS).toBe('Was the member told the allegations against them?');
    for (const q of Object.values(FAIRNESS_QUESTIONS)) expect(q).toMatch(/^(Was|Did) .+\?$/);
    const source = fs.readFileSync(path.join(process.cwd(), 'lib/bundle/fairness-questions.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\b/m);
  });
});

describe('cover', () => {
  const input = {
    title: 'Appeal bundle',
    reference: 'RS-2025-0042',
    memberName: 'Siobhán Ó Dálaigh',
    branch: 'Kelder North',
    purpose: 'Appeal against expulsion',
    generatedOn: '2026-11-21',
    preparedBy: 'Łukasz Żółć',
    preparedRole: 'caseworker',
    note: 'Confidential: special-category personal data.',
  };

  test('one clean page with the case, the people and the date in UK form', async () => {
    const part = await renderCover(input);
    expectGoodPart(part);
    expect(part.pages).toBe(1);
    const text = pdfText(part.bytes);
    for (const s of [
      'Appeal bundle',
      'RS-2025-0042',
      'Siobhán Ó Dálaigh',
      'Kelder North',
      'Appeal against expulsion',
      'Łukasz Żółć (caseworker)',
      '21 Nov 2026',
      'Confidential: special-category personal data.',
    ]) {
      expect(text).toContain(s);
    }
    expect(pdfInfo(part.bytes).Title).toBe('Appeal bundle — RS-2025-0042');
    expect(part.bytes.includes('DejaVuSans')).toBe(true);
  });

  test('text stays searchable after another PDF embedded its letter inside an accented one', async () => {
    // fontkit caches glyphs per process: "Ó" embeds "O" as a component, which used to leave later
    // PDFs with an "O" that pdftotext (and a viewer's search) could not read.
    await renderCover({ ...input, memberName: 'Órla Ó Dálaigh' });
    const part = await renderSectionDivider({ label: 'Section 1', title: 'Only October', description: 'Of OO' });
    expect(pdfText(part.bytes)).toMatch(/Only October\s+Of OO/);
  });

  test('is deterministic: the same input gives the same bytes', async () => {
    const [a, b] = await Promise.all([renderCover(input), renderCover(input)]);
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });

  test('a missing branch says so, and hostile text is written literally', async () => {
    const part = await renderCover({ ...input, branch: null, memberName: '<script>alert(1)</script> & "Ann"' });
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    expect(text).toContain('<script>alert(1)</script> & "Ann"');
    expect(text).toMatch(/Branch\s+Not recorded/);
  });
});

describe('index', () => {
  const rowsOf = (n: number, long: boolean): IndexRow[] =>
    Array.from({ length: n }, (_, i) => ({
      level: i % 6 === 0 ? 1 : 2,
      label: i % 6 === 0 ? `Section ${i / 6 + 1}` : `E${i}`,
      title: long ? `${LONG} ${i}`.repeat(3) : `Item ${i}`,
      pages: `${i * 4 + 3}–${i * 4 + 6}`,
      target: i * 4 + 3,
    }));

  test.each([0, 1, 30, 31, 200])(
    'indexPageCount(%i) is the number of pages renderIndex makes, for long and short titles',
    async (n) => {
      for (const long of [false, true]) {
        const part = await renderIndex(rowsOf(n, long), { title: 'Index — RS-2025-0042' });
        expect(part.pages).toBe(indexPageCount(n));
        expectGoodPart(part);
        expect(part.links).toHaveLength(n);
      }
    },
  );

  test('the count also holds either side of every page break', async () => {
    const breaks = [];
    for (let n = 1; n <= 200; n++) if (indexPageCount(n) !== indexPageCount(n - 1)) breaks.push(n);
    expect(breaks.length).toBeGreaterThanOrEqual(4);
    expect(indexPageCount(0)).toBe(1);
    for (const n of breaks.slice(0, 3)) {
      for (const m of [n - 1, n]) {
        const part = await renderIndex(rowsOf(m, true), { title: 'Index' });
        expect(pdfPages(part.bytes)).toBe(indexPageCount(m));
      }
    }
  });

  test('lists every row on one line, long titles cut with an ellipsis', async () => {
    const rows = rowsOf(40, true);
    const part = await renderIndex(rows, { title: 'Index — RS-2025-0042' });
    const text = pdfText(part.bytes);
    for (const r of rows) {
      expect(text).toContain(r.pages);
      expect(text).toMatch(new RegExp(`(^|\\n)\\s*${r.label}\\b`));
    }
    expect(text).toContain('A remarkably long title about the notice');
    expect(text).toContain('…');
    expect(text).not.toContain(rows[5]!.title); // cut, not wrapped onto a second line
    expect(pdfText((await renderIndex([], { title: 'Index' })).bytes)).toContain('This bundle has no items.');
  });

  test('each link lies on its page inside the page box, over its own row, in row order', async () => {
    const rows = rowsOf(120, false);
    const part = await renderIndex(rows, { title: 'Index — Siobhán Ó Dálaigh' });
    const pages = pdfWords(part.bytes);
    let previous = { page: 1, top: Infinity };
    part.links.forEach((link, i) => {
      expect(link.target).toBe(rows[i]!.target);
      expect(link.page).toBeGreaterThanOrEqual(1);
      expect(link.page).toBeLessThanOrEqual(part.pages);
      const [x1, y1, x2, y2] = link.rect;
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(x2).toBeLessThanOrEqual(PAGE.width);
      expect(y1).toBeGreaterThanOrEqual(PAGE.height - BAND_TOP); // above the page-number band
      expect(y2).toBeLessThanOrEqual(PAGE.height);
      expect(x2 - x1).toBeGreaterThan(400);
      expect(y2 - y1).toBeGreaterThan(10);
      // In order: later rows are further down the same page, or on a later page.
      if (link.page === previous.page) expect(y2).toBeLessThanOrEqual(previous.top);
      else expect(link.page).toBe(previous.page + 1);
      previous = { page: link.page, top: y1 };
      // The row's own page range (one word, unique per row) is inside its link; pdftotext measures from the top.
      const word = pages[link.page - 1]!.words.find((w) => w.text === rows[i]!.pages);
      expect(word).toBeDefined();
      expect(PAGE.height - word!.yMax).toBeGreaterThanOrEqual(y1 - 0.5);
      expect(PAGE.height - word!.yMin).toBeLessThanOrEqual(y2 + 0.5);
      expect(word!.xMax).toBeLessThanOrEqual(x2);
    });
  });
});

describe('chronology', () => {
  const row = (i: number, extra: Partial<ChronologyRow> = {}): ChronologyRow => ({
    date: `${(i % 28) + 1} Oct 2025`,
    approximate: false,
    type: 'Letter received',
    title: `Event number ${i} reported`,
    details: i % 9 === 0 ? `Details of event ${i}. `.repeat(12) : null,
    ...extra,
  });

  test('marks approximate dates and explains the mark in a footnote', async () => {
    const part = await renderChronology(
      [
        row(1, {
          date: 'c. 2017',
          approximate: true,
          type: 'Notice of suspension',
          title: 'Suspended by Siobhán Ó Dálaigh’s branch',
        }),
        row(2, { date: 'Dec 2020', approximate: true }),
        row(3, { date: '3 Oct 2025' }),
      ],
      { title: 'Chronology of events' },
    );
    expectGoodPart(part);
    const text = squash(pdfText(part.bytes));
    expect(text).toContain(squash('c. 2017 (approx.)'));
    expect(text).toContain(squash('Dec 2020 (approx.)'));
    expect(text).not.toContain(squash('3 Oct 2025 (approx.)'));
    expect(text).toContain(squash('(approx.) Only part of this date is known'));
    expect(text).toContain(squash('Suspended by Siobhán Ó Dálaigh’s branch'));
    expect(text).toContain('Chronologyofevents');
    expect(pdfInfo(part.bytes).Title).toBe('Chronology of events');
  });

  test('an empty chronology says so', async () => {
    const part = await renderChronology([], {});
    expectGoodPart(part);
    expect(part.pages).toBe(1);
    expect(pdfText(part.bytes)).toContain('No events have been recorded');
  });

  test('300 rows paginate: header on every page, each row whole on one page, in order, footnote where needed', async () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      row(i, i % 25 === 0 ? { date: 'c. 2017', approximate: true } : {}),
    );
    const part = await renderChronology(rows, {});
    expectGoodPart(part);
    expect(part.pages).toBeGreaterThan(8);
    const pages = pdfPageTexts(part.bytes);
    expect(pages).toHaveLength(part.pages);
    let next = 0;
    for (const page of pages) {
      expect(page).toMatch(/Date\s+Type\s+What happened/);
      const flat = page.replace(/\s+/g, ' ');
      const found = [...flat.matchAll(/Event number (\d+) reported/g)].map((m) => Number(m[1]));
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(found.map((_, k) => next + k)); // consecutive, continuing from the last page
      next += found.length;
      // Details are never split from their row: the last row on the page has all of its details.
      const last = found.at(-1)!;
      if (rows[last]!.details) expect(squash(page)).toContain(squash(rows[last]!.details!));
      const hasApprox = found.some((n) => rows[n]!.approximate);
      expect(flat.includes('Only part of this date is known')).toBe(hasApprox);
    }
    expect(next).toBe(300);
  });

  test('a row longer than a page is split between lines, each part under the header', async () => {
    const details = Array.from({ length: 160 }, (_, i) => `Line ${i} of a very long account.`).join('\n');
    const part = await renderChronology([row(1), row(2, { details }), row(3)], {});
    expectGoodPart(part);
    expect(part.pages).toBeGreaterThanOrEqual(3);
    const pages = pdfPageTexts(part.bytes);
    for (const page of pages) expect(page).toMatch(/Date\s+Type\s+What happened/);
    expect(squash(pages.map((p) => p.replace(/Date\s+Type\s+What happened/, '')).join(''))).toContain(squash(details));
  });
});

describe('statement, dividers and text', () => {
  test('the statement keeps its paragraphs and runs over pages', async () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, i) =>
        `Paragraph ${i + 1}. I joined the party in 1998 and served as branch secretary. ${'It was a long time. '.repeat(8)}`,
    );
    const part = await renderStatement(`${paragraphs.join('\n\n')}\n\nSigned,\nSiobhán Ó Dálaigh`, {
      memberName: 'Siobhán Ó Dálaigh',
    });
    expectGoodPart(part);
    expect(part.pages).toBeGreaterThan(1);
    const text = pdfText(part.bytes);
    expect(text.startsWith('Statement of Siobhán Ó Dálaigh')).toBe(true);
    expect(squash(text)).toContain(squash(paragraphs.join('')));
    expect(text).toMatch(/Signed,\nSiobhán Ó Dálaigh/); // a line break inside a paragraph is kept
    expect(pdfInfo(part.bytes).Title).toBe('Statement of Siobhán Ó Dálaigh');
    expect(pdfText((await renderStatement('  \n', { memberName: 'A' })).bytes)).toContain(
      'No statement has been written.',
    );
  });

  test('a section divider is one page with its label, title and description', async () => {
    const part = await renderSectionDivider({
      label: 'Section 3',
      title: 'Correspondence with the party',
      description: 'Letters sent and received, oldest first.',
    });
    expectGoodPart(part);
    expect(part.pages).toBe(1);
    const text = pdfText(part.bytes);
    for (const s of ['Section 3', 'Correspondence with the party', 'Letters sent and received, oldest first.'])
      expect(text).toContain(s);
  });

  test('an exhibit divider gives the full SHA-256, the file and the note', async () => {
    const part = await renderExhibitDivider({
      label: 'E3',
      title: 'Letter of 4 May 2021',
      date: '2021-05-04',
      source: 'Email from the Governance and Legal Unit',
      sha256: SHA.toUpperCase(),
      kind: 'PDF document',
      originalName: 'Brief für Siobhán.pdf',
      sizeBytes: 1_234_567,
      note: 'This file could not be reproduced: it is password-protected. Its fingerprint is given so the original can be verified.',
    });
    expectGoodPart(part);
    expect(part.pages).toBe(1);
    const text = pdfText(part.bytes);
    expect(squash(text)).toContain(SHA); // lower case, whole
    for (const s of [
      'Exhibit E3',
      'Letter of 4 May 2021',
      '4 May 2021',
      'Brief für Siobhán.pdf',
      '1.2 MB (1,234,567 bytes)',
      'sha256sum',
    ])
      expect(text).toContain(s);
    expect(squash(text)).toContain(squash('This file could not be reproduced: it is password-protected.'));
    expect(part.bytes.includes('DejaVuSansMono')).toBe(true);
    const unknown = pdfText(
      (
        await renderExhibitDivider({
          label: 'E4',
          title: 'Photo',
          date: null,
          source: null,
          sha256: SHA,
          kind: 'Image',
          originalName: 'x.jpg',
          sizeBytes: 10,
        })
      ).bytes,
    );
    expect(unknown).toMatch(/Date\s+Not known/);
    expect(unknown).toMatch(/Source\s+Not recorded/);
  });

  test('text evidence keeps line breaks, wraps long lines and draws what DejaVu covers', async () => {
    const longWord = 'x'.repeat(1500);
    const text = [
      'Line one',
      'Line two',
      '    indented line',
      `A very long line ${'that goes on and on '.repeat(30)}end.`,
      longWord,
      'Ελληνικά, Русский, Łódź, Ærøskøbing, “quotes” — dash',
      '<script>alert(1)</script> & {{handlebars}}',
      'Tab\there, bell\u0007 gone, CJK 漢 replaced',
    ].join('\r\n');
    const part = await renderTextEvidence({ title: 'WhatsApp export', text });
    expectGoodPart(part);
    const out = pdfText(part.bytes);
    expect(out).toMatch(/Line one\nLine two\n/);
    expect(out).toContain('indented line');
    expect(squash(out)).toContain(squash(`A very long line ${'that goes on and on '.repeat(30)}end.`));
    expect(squash(out)).toContain(longWord);
    expect(out).toContain('Ελληνικά, Русский, Łódź, Ærøskøbing, “quotes” — dash');
    expect(out).toContain('<script>alert(1)</script> & {{handlebars}}');
    expect(out).toContain('bell gone');
    expect(out).toContain('CJK \uFFFD replaced'); // no glyph in DejaVu: a visible replacement, not a silent gap
    // Wrapped lines stay within the margins.
    for (const page of pdfWords(part.bytes))
      for (const w of page.words) expect(w.xMax).toBeLessThanOrEqual(PAGE.width - 20 * MM + 1);
  });
});

describe('email evidence', () => {
  test('a plain email: header block, then the body', async () => {
    const part = await renderEmailEvidence({ title: 'E5 Email of 4 May 2021', raw: plainEmail() });
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    expect(text).toMatch(/From\s+Governance and Legal Unit <glu@party\.example>/);
    expect(text).toMatch(/To\s+Siobhán Ó Dálaigh <siobhan@example\.org>/);
    expect(text).toMatch(/Cc\s+Łukasz Żółć <lukasz@example\.org>, branch-secretary@example\.org/);
    expect(text).toMatch(/Date\s+4 May 2021, 09:30 \(UK time\)/);
    expect(text).toMatch(/Subject\s+Notice of administrative suspension/);
    expect(text).toMatch(
      /Dear Siobhán,\n+You are administratively suspended pending an investigation\.\nPlease reply within 14 days\./,
    );
    expect(text.indexOf('Subject')).toBeLessThan(text.indexOf('Dear Siobhán'));
  });

  test('an HTML-only email becomes text: no script, style, comment or tag survives', async () => {
    const part = await renderEmailEvidence({ title: 'HTML email', raw: htmlOnlyEmail() });
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    expect(text).toContain('Dear member,');
    expect(text).toContain('You are suspended & under investigation <ref 42>.');
    expect(text).toMatch(/• First point\n• Second point/);
    expect(text).toContain('Lodge an appeal (https://party.example/appeal)');
    expect(text).toMatch(/From\s+Gov & Legal <glu@party\.example>/);
    expect(text).toMatch(/Date\s+1 Dec 2021, 16:05 \(UK time\)/);
    for (const s of [
      'owned',
      'alert',
      'xss',
      'color: red',
      'Hidden title',
      'a comment',
      '<p',
      '<b>',
      'href',
      'tracker',
      'DOCTYPE',
    ])
      expect(text).not.toContain(s);
  });

  test('a multipart email: the plain part, and the attachment listed but not rendered', async () => {
    const part = await renderEmailEvidence({ title: 'Minutes', raw: multipartEmail() });
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    expect(text).toContain('This is the plain version of the message.');
    expect(text).not.toContain('HTML version');
    expect(text).toContain('Attachments (1)');
    expect(text).toContain(`letter-4-May.pdf (${(ATTACHMENT_BYTES / 1024).toFixed(1)} KB, application/pdf)`);
    expect(text).not.toContain('QQQQ');
  });

  test('encoded non-ASCII headers and a Latin-1 body are decoded', async () => {
    const part = await renderEmailEvidence({ title: 'Non-ASCII', raw: nonAsciiEmail() });
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    expect(text).toContain(NON_ASCII_SUBJECT);
    expect(text).toContain('Siobhán Ó Dálaigh <siobhan@example.org>');
    expect(text).toContain('Cañón été déjà vu.');
    expect(text).toMatch(/Date\s+21 Nov 2026, 10:00 \(UK time\)/);
  });
});

describe('HTML to text', () => {
  test('drops what a browser would not show as text and keeps what it would', () => {
    expect(htmlToText('<p>a &lt; b &amp;&amp; c &#8211; &#x20AC;5 &bogus; &#0;</p><p>next</p>')).toBe(
      'a < b && c – €5 &bogus; \uFFFD\n\nnext',
    );
    expect(htmlToText('x < y and <b>bold</b>')).toBe('x < y and bold');
    expect(htmlToText('<div title="a > b">kept</div><!-- gone -->')).toBe('kept');
    expect(htmlToText('<SCRIPT>evil()</SCRIPT >after<style>p{}</style>')).toBe('after');
    expect(htmlToText('before<script>never closed <p>hidden')).toBe('before');
    expect(htmlToText('<p>a   b\n c</p><pre>two  spaces\n  kept</pre>')).toBe('a b c\n\ntwo  spaces\n  kept');
    expect(htmlToText('<a href="javascript:alert(1)">click</a> <a href="mailto:a@b.example">a@b.example</a>')).toBe(
      'click a@b.example',
    );
    expect(htmlToText('<img alt="Party logo" src="x.png"> Hello')).toBe('[image: Party logo] Hello');
    expect(
      htmlToText(
        '<p>See <a href="https://x.example/a">the letter</a>.</p><ul><li>one</li><li>two</li></ul><h2>Head</h2>text<hr>end',
      ),
    ).toBe('See the letter (https://x.example/a).\n\n• one\n• two\n\nHead\n\ntext\n\n----------\n\nend');
  });

  test('reads hostile input to the end without throwing (its speed is in npm run bench, not here)', () => {
    for (const hostile of [
      '<a '.repeat(100_000),
      '<!--'.repeat(100_000),
      '<script>x</script>'.repeat(50_000),
      '<a href="x">t</a>'.repeat(50_000),
      '<p title="a>b">'.repeat(50_000),
      '<div title="'.repeat(100_000) + '>',
    ]) {
      expect(typeof htmlToText(hostile)).toBe('string');
    }
    expect(htmlToText('<a href="https://x.example/a">t</a>'.repeat(3))).toBe(
      't (https://x.example/a)t (https://x.example/a)t (https://x.example/a)',
    );
  });
});

describe('image evidence', () => {
  const AREA_TOP = 20 * MM + 9 * 1.3 + 6; // under the caption line
  const AREA = { left: 20 * MM, right: PAGE.width - 20 * MM, top: AREA_TOP, bottom: PAGE.height - 20 * MM - 2 };

  async function placed(bytes: Buffer, mimeType: string) {
    const part = await renderImageEvidence({ title: 'E7 Photo of the notice', bytes, mimeType });
    expectGoodPart(part);
    expect(part.pages).toBe(1);
    expect(pdfText(part.bytes)).toContain('E7 Photo of the notice');
    const [page] = rasterPages(part.bytes);
    const box = inkBox(page!, { fromRow: Math.floor(AREA.top) + 1 })!;
    expect(box).not.toBeNull();
    // Inside the margins (a pixel of anti-aliasing allowed).
    expect(box.x1).toBeGreaterThanOrEqual(Math.floor(AREA.left) - 1);
    expect(box.x2).toBeLessThanOrEqual(Math.ceil(AREA.right) + 1);
    expect(box.y2).toBeLessThanOrEqual(Math.ceil(AREA.bottom) + 1);
    return { page: page!, box };
  }

  test('a JPEG with EXIF orientation 6 is turned upright, fitted and centred', async () => {
    const { page, box } = await placed(await jpegOrientation6(), 'image/jpeg');
    // Stored 200×100 (landscape); viewed upright it is 100×200: full height of the area.
    expect(box.y2 - box.y1 + 1).toBeGreaterThan(AREA.bottom - AREA.top - 3);
    expect(box.x2 - box.x1 + 1).toBeCloseTo((box.y2 - box.y1 + 1) / 2, -1);
    expect((box.x1 + box.x2) / 2).toBeCloseTo(PAGE.width / 2, -1);
    // The stored left half (black) is at the top once rotated; the grey half below.
    const cx = (box.x1 + box.x2) / 2;
    expect(pixel(page, cx, box.y1 + (box.y2 - box.y1) * 0.25)).toBeLessThan(40);
    expect(Math.abs(pixel(page, cx, box.y1 + (box.y2 - box.y1) * 0.75) - 128)).toBeLessThan(30);
  });

  test('a PNG with transparency is put on white', async () => {
    const { page, box } = await placed(await pngWithAlpha(), 'image/png');
    // Only the opaque middle square shows: half the fitted width, centred.
    const fitted = AREA.right - AREA.left;
    expect(box.x2 - box.x1 + 1).toBeCloseTo(fitted / 2, -1);
    expect((box.y1 + box.y2) / 2).toBeCloseTo((AREA.top + AREA.bottom) / 2, -1);
    expect(pixel(page, (box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2)).toBeLessThan(20);
  });

  test.each([
    ['image/webp', 'webp'],
    ['image/gif', 'gif'],
    ['image/tiff', 'tiff'],
    ['image/avif', 'avif'],
  ] as const)('a %s picture is converted and placed', async (mime, format) => {
    const { box } = await placed(await solid(300, 200, format), mime);
    expect(box.x2 - box.x1 + 1).toBeGreaterThan(AREA.right - AREA.left - 3);
  });

  test('a very wide picture fills the width, centred vertically; a very tall one the height, centred across', async () => {
    const wide = (await placed(await solid(4000, 200, 'png'), 'image/png')).box;
    expect(wide.x2 - wide.x1 + 1).toBeGreaterThan(AREA.right - AREA.left - 3);
    expect(wide.y2 - wide.y1 + 1).toBeCloseTo((AREA.right - AREA.left) / 20, -1);
    expect((wide.y1 + wide.y2) / 2).toBeCloseTo((AREA.top + AREA.bottom) / 2, -1);

    const tall = (await placed(await solid(150, 6000, 'jpeg'), 'image/jpeg')).box;
    expect(tall.y2 - tall.y1 + 1).toBeGreaterThan(AREA.bottom - AREA.top - 3);
    expect(tall.x2 - tall.x1 + 1).toBeCloseTo((AREA.bottom - AREA.top) / 40, -1);
    expect((tall.x1 + tall.x2) / 2).toBeCloseTo(PAGE.width / 2, -1);
  });

  test('a corrupt, truncated, mislabelled or unsupported picture throws a clear error', async () => {
    const jpeg = await jpegOrientation6();
    const cases: [Buffer, string, RegExp][] = [
      [
        Buffer.from('this is not a picture at all, just text'),
        'image/jpeg',
        /could not be reproduced: it could not be read/,
      ],
      [jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'image/jpeg', /could not be reproduced/],
      [await pngWithAlpha(), 'image/jpeg', /not the image\/jpeg picture it claims to be/],
      [
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
        'image/svg+xml',
        /pictures of type image\/svg\+xml cannot be placed/,
      ],
      [
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
        'image/png',
        /not the image\/png picture/,
      ],
    ];
    for (const [bytes, mime, message] of cases) {
      const attempt = renderImageEvidence({ title: 'Broken', bytes, mimeType: mime });
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.toBeInstanceOf(ImageReproductionError);
    }
  });
});

describe('manifest', () => {
  const rows = (n: number): ManifestRow[] =>
    Array.from({ length: n }, (_, i) => ({
      label: `E${i + 1}`,
      title: i === 1 ? 'Brief für Siobhán Ó Dálaigh' : `Exhibit number ${i + 1}`,
      sha256: i % 2 ? SHA2 : SHA,
      sizeBytes: 1000 + i * 50_000,
      pages: `${10 + i}–${11 + i}`,
      included: i !== 2,
      note: i === 2 ? 'Not included: marked without prejudice' : undefined,
    }));

  test('every exhibit with its full fingerprint, and how to check one', async () => {
    const part = await renderManifest(rows(4), { reference: 'RS-2025-0042', generatedOn: '2026-11-21' });
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    const flat = squash(text);
    expect(text).toContain('Manifest of exhibits');
    expect(text).toContain('21 Nov 2026');
    expect(text).toContain('sha256sum');
    expect(flat).toContain(squash('Brief für Siobhán Ó Dálaigh'));
    expect(flat).toContain(squash('Not included: marked without prejudice'));
    expect(flat.split(SHA).length - 1).toBe(2);
    expect(flat.split(SHA2).length - 1).toBe(2);
    expect(text).toContain('50 KB');
    expect(flat).toContain('1000bytes');
  });

  test('a long manifest repeats its header on every page', async () => {
    const part = await renderManifest(rows(90), { reference: 'RS-2025-0042', generatedOn: '2026-11-21' });
    expectGoodPart(part);
    expect(part.pages).toBeGreaterThan(2);
    const pages = pdfPageTexts(part.bytes);
    for (const page of pages) expect(page).toContain('Description and SHA-256 fingerprint');
    expect(squash(pages.join('')).split(SHA).length - 1).toBe(45);
  });
});

describe('reinstatement review', () => {
  const findings: FairnessRow[] = FAIRNESS_KEYS.map((key, i) => ({
    question: FAIRNESS_QUESTIONS[key],
    answer: i < 2 ? 'NO' : i === 2 ? 'UNKNOWN' : 'YES',
    note: i === 0 ? 'The notice quoted no allegation; the member learnt of it from the press.' : null,
    evidence: i === 0 ? ['E3 – Letter of 4 May 2021', 'E5 – Email of 10 May 2021'] : [],
  }));
  const kase = {
    reference: 'RS-2025-0042',
    memberName: 'Siobhán Ó Dálaigh',
    branch: 'Kelder North',
    sanction: 'Administrative suspension',
    imposedOn: '2021-05-04',
    stage: 'Under investigation',
    summary: 'Suspended after moving a motion.\n\nNo hearing has been held.',
    daysSuspendedWithoutDecision: 412,
    findings,
    recommendation: 'Reinstate: the member was never told the allegations.',
    generatedOn: '2026-11-21',
    chronology: [
      { date: 'c. 2017', approximate: true, type: 'Meeting or contact', title: 'Joined the branch committee' },
      {
        date: '4 May 2021',
        approximate: false,
        type: 'Notice of suspension',
        title: 'Notice of administrative suspension',
        details: 'Sent by email.',
      },
    ],
  };

  test('a case: the facts, each question with its answer, note and evidence, the recommendation and the chronology', async () => {
    const part = await renderReviewCase(kase);
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    const flat = squash(text);
    for (const s of [
      'Reinstatement review: RS-2025-0042',
      'Siobhán Ó Dálaigh',
      'Kelder North',
      'Administrative suspension',
      '4 May 2021',
      'Under investigation',
      '412 days',
      '21 Nov 2026',
    ]) {
      expect(text).toContain(s);
    }
    for (const q of Object.values(FAIRNESS_QUESTIONS)) expect(flat).toContain(squash(q));
    expect(flat).toContain(squash('7 questions: 2 answered No, 1 not known.'));
    expect(text).toMatch(/Not known/); // the answer, on one line
    expect(flat).toContain(squash('E3 – Letter of 4 May 2021'));
    expect(flat).toContain(squash('The notice quoted no allegation; the member learnt of it from the press.'));
    expect(flat).toContain(squash('Reinstate: the member was never told the allegations.'));
    expect(flat).toContain(squash('c. 2017 (approx.)'));
    expect(flat).toContain(squash('Notice of administrative suspension'));
    // The order a panel reads it in.
    const at = (s: string) => flat.indexOf(squash(s));
    expect(at('Summary')).toBeLessThan(at('Fairness assessment'));
    expect(at('Fairness assessment')).toBeLessThan(at('Recommendation'));
    expect(at('Recommendation')).toBeLessThan(at('Joined the branch committee'));
  });

  test('a case with nothing recorded yet says so', async () => {
    const part = await renderReviewCase({
      ...kase,
      branch: null,
      imposedOn: null,
      summary: null,
      daysSuspendedWithoutDecision: null,
      findings: [],
      recommendation: null,
      chronology: [],
    });
    expectGoodPart(part);
    const text = pdfText(part.bytes);
    for (const s of [
      'No summary has been written.',
      'No fairness assessment has been recorded.',
      'No recommendation has been recorded.',
      'No events have been recorded',
      'Not applicable',
    ]) {
      expect(text).toContain(s);
    }
  });

  test('the summary of many cases is one table that repeats its header', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => ({
      reference: `RS-2025-${String(i + 1).padStart(4, '0')}`,
      memberName: i === 0 ? 'Siobhán Ó Dálaigh' : `Member ${i + 1}`,
      branch: i % 3 ? 'Kelder North' : null,
      sanction: 'Suspension',
      stage: 'Awaiting a decision',
      daysSuspendedWithoutDecision: i % 4 ? 100 + i : null,
      noCount: i % 3,
      unknownCount: 1,
      recommendation: i % 2 ? 'Reinstate' : null,
    }));
    const part = await renderReviewSummary(rows, {
      title: 'Reinstatement review pack',
      generatedOn: '2026-11-21',
      preparedBy: 'Łukasz Żółć',
    });
    expectGoodPart(part);
    expect(part.pages).toBeGreaterThan(1);
    const pages = pdfPageTexts(part.bytes);
    for (const page of pages) expect(page).toContain('Recommendation');
    const flat = squash(pages.join(''));
    for (const r of rows) expect(flat).toContain(r.reference);
    expect(flat).toContain(squash('Prepared by Łukasz Żółć on 21 Nov 2026. 70 cases.'));
    expect(flat).toContain('SiobhánÓDálaigh');
    expect(
      pdfText((await renderReviewSummary([], { title: 'Pack', generatedOn: '2026-11-21', preparedBy: 'A' })).bytes),
    ).toContain('No cases were selected.');
  });
});
