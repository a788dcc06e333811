import type { StatisticsView } from '../get-statistics';
import { MIN_FOR_QUARTILES } from '../build-statistics';
import { shownText } from '../suppress';
import { LEFT, MUTED, TOP, WIDTH, write } from './layout';

export type Section = { title: string; dest: string; page: number };

const ukDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

export function drawCover(doc: PDFKit.PDFDocument, view: StatisticsView, preparedBy: string): void {
  doc.y = TOP + 80;
  write(doc, 'Network report', { face: 'bold', size: 28 });
  write(doc, 'Suspensions, expulsions and appeals: the figures', { size: 16 });
  doc.moveDown(2);
  write(doc, `Figures as at ${ukDate(view.asOf)}`, { size: 13 });
  write(doc, `Scope: ${view.scope}`, { size: 13 });
  write(doc, view.filterLines.length ? `Filters: ${view.filterLines.join('; ')}` : 'Filters: none', { size: 13 });
  write(doc, `Prepared by ${preparedBy}`, { size: 13 });
  doc.moveDown(2);
  write(
    doc,
    'Small numbers are protected: every count is rounded to the nearest 5, a count of 0 to 4 reads “fewer than 5”, and some other counts are hidden so that a small one cannot be worked out from the totals. No figure names a person.',
    { color: MUTED },
  );
}

export function drawIndex(doc: PDFKit.PDFDocument, sections: Section[]): void {
  doc.y = TOP;
  write(doc, 'Index', { face: 'bold', size: 18 });
  doc.moveDown(0.5);
  for (const s of sections) {
    const y = doc.y;
    write(doc, s.title, { goTo: s.dest, width: WIDTH - 60 });
    doc
      .font('regular')
      .fontSize(10.5)
      .text(`page ${s.page}`, LEFT + WIDTH - 55, y, { width: 55, align: 'right' });
    doc.y = Math.max(doc.y, y + 16);
  }
}

export function drawHeadline(doc: PDFKit.PDFDocument, view: StatisticsView): void {
  const s = view.statistics;
  doc.y = TOP;
  doc.addNamedDestination('headline');
  write(doc, 'In brief', { face: 'bold', size: 18 });
  doc.moveDown(0.3);
  write(doc, `Cases: ${shownText(s.total)}`, { size: 13 });
  write(
    doc,
    `Still suspended: ${shownText(s.stillSuspended)}${s.stillSuspendedPercent !== null ? ` (${s.stillSuspendedPercent}%)` : ''}`,
    { size: 13 },
  );
  const q = s.quartiles;
  write(
    doc,
    q
      ? `Time suspended without a decision: median ${q.median} months; a quarter ${q.q1} months or less, a quarter ${q.q3} months or more.`
      : `Time suspended without a decision: shown when at least ${MIN_FOR_QUARTILES} still-suspended cases have a known date.`,
    { size: 13 },
  );
  doc.moveDown(1);
  write(doc, 'How the figures are made', { face: 'bold', size: 14 });
  for (const line of [
    `${view.scope}; ${view.filterLines.length ? `only cases matching: ${view.filterLines.join('; ')}` : 'no filters'}.`,
    '“Still suspended”: the case has an administrative suspension or a suspension with no end date and no decision.',
    'The current sanction is the one imposed last; a case counts once in each table. Roles: each person once, under the first group of roles they hold, in the order of the role table.',
    'Counts are rounded to the nearest 5 (5 to 7 read 5). Counts of 0 to 4 read “fewer than 5” (none at all reads the same, so that a filter never tells whether anyone matches it). A count marked “hidden” is 5 or more, hidden so that a small count in the same row or column cannot be worked out by subtraction. Regions and branches with fewer than 5 cases are counted together. Shares are worked out from the rounded counts.',
    'Fairness findings count published reinstatement reviews only (the latest published version of each).',
  ]) {
    write(doc, `• ${line}`);
    doc.moveDown(0.3);
  }
}
