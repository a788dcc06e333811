import PDFDocument from 'pdfkit';
import { pdfFonts } from '../pdf/fonts';
import { formatUkDate } from '../deadlines/working-days';
import { EXEMPTION_LABELS, type AccessExemptionName } from './labels';
import type { HoldingWithDecision } from './access-request-services';

// The response to a subject access request made to the network, as one PDF whose audience is the person:
// the covering letter, then what the network holds about them, item by item as released (redacted items as
// the coordinator rewrote them), then the schedule of withheld items — by exemption and count, never their
// content. Exhibits are listed with their SHA-256 fingerprint. Text goes in as text: pdfkit has no markup.

const MM = 72 / 25.4;
const MARGIN = 20 * MM;

export type ReleaseInput = {
  personName: string;
  receivedOn: string;
  releasedOn: string;
  coveringLetter: string;
  items: HoldingWithDecision[];
};

const SECTION_TITLES: Record<string, string> = {
  PERSON: 'Your details',
  ACCOUNT: 'Your account',
  CASE: 'Your cases',
  SANCTION: 'Sanctions recorded',
  EVENT: 'Timeline entries (including caseworkers’ notes)',
  LETTER: 'Letters',
  EVIDENCE: 'Evidence files',
  AUDIT: 'Who viewed or changed your records',
};
const ORDER = ['PERSON', 'ACCOUNT', 'CASE', 'SANCTION', 'EVENT', 'LETTER', 'EVIDENCE', 'AUDIT'];

export async function renderReleasePdf(input: ReleaseInput): Promise<{ pdf: Buffer; pageCount: number }> {
  const fonts = pdfFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    font: null as unknown as string,
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `Response to your subject access request of ${formatUkDate(input.receivedOn)}`,
      Subject: `For ${input.personName}`,
      Creator: 'Reinstate',
    },
  });
  pdf.registerFont('regular', fonts.regular as unknown as string);
  pdf.registerFont('bold', fonts.bold as unknown as string);
  pdf.font('regular');
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  const width = pdf.page.width - MARGIN * 2;
  const write = (text: string, opts: { bold?: boolean; size?: number; after?: number; colour?: string } = {}) => {
    pdf
      .font(opts.bold ? 'bold' : 'regular')
      .fontSize(opts.size ?? 10.5)
      .fillColor(opts.colour ?? '#111111');
    pdf.text(text, MARGIN, pdf.y, { width, lineGap: 2 });
    pdf.y += opts.after ?? 0;
  };

  // 1. The covering letter.
  write(input.coveringLetter, { size: 11 });

  // 2. What we hold, as released.
  const released = input.items.filter((i) => i.effective === 'RELEASE' || i.effective === 'REDACT');
  pdf.addPage();
  write('What the network holds about you', { bold: true, size: 16, after: 4 });
  write(
    `As at ${formatUkDate(input.releasedOn)}. Each part below is a copy of what we hold. Where something has been taken out to protect another person, it says so.`,
    { after: 10, colour: '#333333' },
  );
  for (const type of ORDER) {
    const items = released.filter((i) => i.type === type);
    if (!items.length) continue;
    if (pdf.y > pdf.page.height - MARGIN - 80) pdf.addPage();
    write(SECTION_TITLES[type]!, { bold: true, size: 13, after: 4 });
    for (const item of items) {
      if (pdf.y > pdf.page.height - MARGIN - 40) pdf.addPage();
      const where = item.reference && type !== 'CASE' ? ` — case ${item.reference}` : '';
      write(`${item.heading}${where}`, { bold: true, size: 10.5 });
      const text = item.effective === 'REDACT' ? (item.decision?.redactedText ?? '') : item.text;
      if (text.trim()) write(text, { size: 10 });
      if (item.effective === 'REDACT')
        write(`Some of this was taken out: ${item.decision?.reason ?? 'another person’s information'}.`, {
          size: 9,
          colour: '#444444',
        });
      if (item.file)
        write(
          `File: ${item.file.name}, ${item.file.sizeBytes.toLocaleString('en-GB')} bytes, SHA-256 ${item.file.sha256}`,
          {
            size: 8.5,
            colour: '#444444',
          },
        );
      pdf.y += 6;
    }
    pdf.y += 6;
  }

  // 3. What was withheld, and under which exemption: counts, never content.
  const withheld = input.items.filter((i) => i.effective === 'WITHHOLD');
  if (pdf.y > pdf.page.height - MARGIN - 120) pdf.addPage();
  write('What we have not released', { bold: true, size: 13, after: 4 });
  if (!withheld.length) {
    write('Nothing has been withheld.', { after: 6 });
  } else {
    const byExemption = new Map<string, number>();
    for (const w of withheld) {
      const label = EXEMPTION_LABELS[(w.decision?.exemption ?? 'OTHER') as AccessExemptionName];
      byExemption.set(label, (byExemption.get(label) ?? 0) + 1);
    }
    for (const [label, n] of byExemption) write(`${n} ${n === 1 ? 'item' : 'items'}: ${label}.`);
    pdf.y += 4;
    write(
      'You can ask us to explain, and you can complain to the Information Commissioner’s Office (ico.org.uk, 0303 123 1113) if you are not satisfied.',
      { size: 10 },
    );
  }

  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font('regular')
      .fontSize(8.5)
      .fillColor('#444444')
      .text(
        `Subject access response for ${input.personName} · Page ${i + 1} of ${range.count}`,
        MARGIN,
        pdf.page.height - MARGIN / 2,
        {
          width,
          align: 'center',
          lineBreak: false,
        },
      );
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  await ended;
  return { pdf: Buffer.concat(chunks), pageCount: range.count };
}
