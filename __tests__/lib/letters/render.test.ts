import { getTemplate } from '@/lib/letters/templates';
import { fieldValuesSchema, prefillFields } from '@/lib/letters/field-values';
import {
  letterPlainText,
  renderDraft,
  renderLetterDocx,
  renderLetterPdf,
  type LetterDocument,
} from '@/lib/letters/render';
import {
  docxRawText,
  docxText,
  expectCleanPdf,
  pdfBodySquashed,
  pdfInfo,
  pdfPages,
  pdfText,
  squash,
} from './letter-files';

// The outputs: plain text in, escaped by each output for itself; the same blocks in the PDF and the DOCX.

const HOSTILE = '<script>alert(1)</script> & "quotes"';

const chaser = () => getTemplate('chaser')!;
const chaserValues = (overrides: Record<string, string> = {}) =>
  fieldValuesSchema(chaser()).parse({
    sender_name: 'Siobhán Ó Dálaigh',
    sender_address: '12 Rose Lane\nKelder\nKV1 2AB',
    recipient_name: 'Governance and Legal Unit',
    recipient_address: 'The Party\n1 Example Street\nLondon SE1 7XX',
    membership_number: 'L0482913',
    earlier_letter: 'Subject access request',
    earlier_sent: '2025-03-10',
    reply_due: '2025-04-10',
    ...overrides,
  });

const letter = (overrides: Record<string, string> = {}) =>
  renderDraft(chaser(), chaserValues(overrides), { date: '2025-10-03', reference: 'RS-2025-0042' });

test('a draft fills the blocks, writes dates in UK form and signs with the sender', () => {
  const doc = letter();
  expect(doc).toMatchObject({
    senderName: 'Siobhán Ó Dálaigh',
    senderAddress: '12 Rose Lane\nKelder\nKV1 2AB',
    recipientName: 'Governance and Legal Unit',
    date: '2025-10-03',
    reference: 'RS-2025-0042',
    signatureName: 'Siobhán Ó Dálaigh',
    subject:
      'Reminder: Subject access request, my letter of 10 Mar 2025 – Siobhán Ó Dálaigh, membership number L0482913',
  });
  expect(doc.body).toMatch(
    /^Dear Sir or Madam,\n\nI wrote to you on 10 Mar 2025 \(my letter headed "Subject access request"\)\. A reply was due by 10 Apr 2025\./,
  );
  expect(doc.body).not.toMatch(/\n{3,}/); // optional sections left empty leave no gaps
  expect(doc.body).not.toContain('If I have no reply by then');
  expect(doc.body.endsWith('Yours faithfully,')).toBe(true);
  expect(letterPlainText(doc)).toBe(
    [
      'Siobhán Ó Dálaigh\n12 Rose Lane\nKelder\nKV1 2AB',
      'Governance and Legal Unit\nThe Party\n1 Example Street\nLondon SE1 7XX',
      '3 Oct 2025',
      'Reference: RS-2025-0042',
      doc.subject,
      doc.body,
      'Siobhán Ó Dálaigh',
    ].join('\n\n'),
  );
});

test('values are text: markup comes through literally and "{{other}}" is never evaluated', async () => {
  const doc = letter({
    extra: `${HOSTILE}\nSee {{sender_name}} and {{#if x}}y{{/if}}`,
    next_step: 'write to {{recipient_name}}',
  });
  expect(doc.body).toContain(`${HOSTILE}\nSee {{sender_name}} and {{#if x}}y{{/if}}`);
  expect(doc.body).toContain('I intend to write to {{recipient_name}}.');
  expect(letterPlainText(doc)).toContain(HOSTILE);

  const docx = await renderLetterDocx(doc);
  expect(await docxRawText(docx)).toContain(HOSTILE);
  expect(await docxText(docx)).toContain(`${HOSTILE}\nSee {{sender_name}} and {{#if x}}y{{/if}}`);

  const pdf = await renderLetterPdf(doc);
  expectCleanPdf(pdf);
  const text = pdfText(pdf);
  expect(text).toContain(HOSTILE);
  expect(text).toContain('See {{sender_name}} and {{#if x}}y{{/if}}');
});

test('the PDF is clean, in DejaVu Sans, with the same text as the fingerprint and metadata set', async () => {
  const doc = letter({ sender_name: 'Łukasz Żółć' });
  const pdf = await renderLetterPdf(doc);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expectCleanPdf(pdf);
  // Never the built-in Helvetica, which needs pdfkit's AFM files at run time.
  expect(pdf.includes('Helvetica')).toBe(false);
  expect(pdf.includes('DejaVuSans')).toBe(true);

  const text = pdfText(pdf);
  expect(text).toContain('Łukasz Żółć');
  expect(text).toContain('3 Oct 2025');
  expect(text).toContain('Reference: RS-2025-0042');
  expect(text).not.toMatch(/Page \d+ of/); // one page: no page numbers
  expect(pdfPages(pdf)).toBe(1);
  expect(pdfBodySquashed(text)).toBe(squash(letterPlainText(doc)));

  const info = pdfInfo(pdf);
  expect(info.Title).toBe(doc.subject);
  expect(info.Author).toBe('Łukasz Żółć');
  expect(info.Subject).toBe('Letter to Governance and Legal Unit, 3 Oct 2025');
});

test('a long letter is numbered "Page X of Y" on every page, and the numbers add no pages', async () => {
  const long = Array.from(
    { length: 40 },
    (_, i) =>
      `Paragraph ${i + 1}. The particulars of each allegation have still not been given, although they were asked for in writing.`,
  ).join('\n\n');
  const doc = letter({ extra: long });
  const pdf = await renderLetterPdf(doc);
  expectCleanPdf(pdf);
  const pages = pdfPages(pdf);
  expect(pages).toBeGreaterThanOrEqual(2);
  const text = pdfText(pdf);
  for (let i = 1; i <= pages; i++) expect(text).toContain(`Page ${i} of ${pages}`);
  expect(text).not.toContain(`Page ${pages + 1} of`);
  expect(text.split('\f').filter((p) => p.trim())).toHaveLength(pages);
  expect(pdfBodySquashed(text)).toBe(squash(letterPlainText(doc)));
  // The signature comes last, after the closing.
  const squashed = pdfBodySquashed(text);
  expect(squashed.endsWith(squash('Yours faithfully,\n\nSiobhán Ó Dálaigh'))).toBe(true);
});

test('the DOCX holds the same blocks: one paragraph each, line breaks kept', async () => {
  const doc = letter({ extra: 'First line\nSecond line' });
  const docx = await renderLetterDocx(doc);
  expect(docx.subarray(0, 2).toString()).toBe('PK');
  expect(await docxText(docx)).toBe(letterPlainText(doc));
  expect(await docxText(docx)).toContain('First line\nSecond line');
  expect(await docxText(docx)).toContain('Siobhán Ó Dálaigh\n12 Rose Lane\nKelder\nKV1 2AB');
});

test('unprintable characters are dropped alike from every output, so the fingerprint matches what is printed', async () => {
  const raw: LetterDocument = {
    ...letter(),
    body: 'Dear Sir or Madam,\r\n\r\nBell\u0007 here,\ttab.\n\n\n\nYours faithfully,  ',
  };
  const expected = 'Dear Sir or Madam,\n\nBell here, tab.\n\nYours faithfully,';
  expect(letterPlainText(raw)).toContain(expected);
  expect(await docxText(await renderLetterDocx(raw))).toBe(letterPlainText(raw));
  const pdf = await renderLetterPdf(raw);
  expect(pdfBodySquashed(pdfText(pdf))).toBe(squash(letterPlainText(raw)));
});

test('renderDraft refuses a letter date that is not an ISO date', () => {
  expect(() => renderDraft(chaser(), chaserValues(), { date: '3 Oct 2025', reference: '' })).toThrow(RangeError);
  // An empty reference prints no reference line.
  const doc = renderDraft(chaser(), chaserValues(), { date: '2025-10-03', reference: '' });
  expect(letterPlainText(doc)).not.toContain('Reference:');
});

test('prefilled values from a context flow through to the letter', () => {
  const t = chaser();
  const values = prefillFields(t, {
    'member.fullName': 'Margaret Hollins',
    'parent.sentOn': '21 Oct 2024',
    'parent.title': 'Request for particulars',
    'recipient.name': 'Governance and Legal Unit',
  });
  expect(values).toMatchObject({
    sender_name: 'Margaret Hollins',
    earlier_sent: '2024-10-21',
    earlier_letter: 'Request for particulars',
    sender_address: '',
    reply_due: '',
  });
  const doc = renderDraft(
    t,
    fieldValuesSchema(t).parse({ ...values, sender_address: '1 High St', recipient_address: 'The Party' }),
    { date: '2025-01-02', reference: 'RS-1' },
  );
  expect(doc.body).toContain('I wrote to you on 21 Oct 2024 (my letter headed "Request for particulars").');
  expect(doc.body).not.toContain('A reply was due');
});
