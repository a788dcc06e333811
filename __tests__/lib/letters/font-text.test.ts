import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderLetterPdf } from '@/lib/letters/render';

// The fonts are shared by every PDF of the process: a letter with "Ó" must not spoil the text of
// the next one ("Oct" once came out of pdftotext as "ct").
const doc = (name: string, body: string, date = '2025-09-03') => ({
  senderName: name,
  senderAddress: '1 Road\nTown',
  recipientName: 'Governance and Legal Unit',
  recipientAddress: '1 Party Street',
  date,
  reference: 'RS-2026-0001',
  subject: 'Subject access request',
  body,
  signatureName: name,
});

const text = (pdf: Buffer) => {
  const file = path.join(os.tmpdir(), `font-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
};

test('text stays searchable in every PDF after one with composed accented letters', async () => {
  // The first letter has "Ó" and no plain capital O anywhere (its date is in September).
  const first = await renderLetterPdf(doc('Siobhán Ó Dálaigh', 'Órla wrote to me.'));
  expect(text(first)).toContain('Siobhán Ó Dálaigh');
  const second = await renderLetterPdf(doc('Oliver Owen', 'On 3 Oct 2025 Oliver wrote Of Old Orders.', '2025-10-03'));
  const t = text(second);
  expect(t).toContain('3 Oct 2025');
  expect(t).toContain('Oliver Owen');
  expect(t).toContain('Of Old Orders');
});
