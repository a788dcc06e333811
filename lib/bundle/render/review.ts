import { FAIRNESS_ANSWER_LABELS } from '../fairness-questions';
import { BODY, SMALL, TABLE, TABLE_BOLD, heading, keyValues } from './blocks';
import { drawChronology, type ChronologyRow } from './chronology';
import { drawTable, type Block } from './table';
import { formatDays, oneLine, splitParagraphs, ukDate } from './text';
import { CONTENT_WIDTH, MUTED, Writer, type PdfPart, type Style } from './writer';

// The reinstatement review pack: a summary table of the selected cases, then one part per case
// with its fairness assessment (the seven questions), the recommendation and the chronology.

export type FairnessRow = {
  question: string;
  answer: 'YES' | 'NO' | 'UNKNOWN';
  note: string | null;
  evidence: string[];
};

export type ReviewCaseInput = {
  reference: string;
  memberName: string;
  branch: string | null;
  sanction: string;
  imposedOn: string | null;
  /** Stage and outcome in words, e.g. "Closed – chose not to appeal". */
  stage: string;
  summary: string | null;
  daysSuspendedWithoutDecision: number | null;
  findings: FairnessRow[];
  recommendation: string | null;
  chronology: ChronologyRow[];
  generatedOn: string;
};

export type ReviewSummaryRow = {
  reference: string;
  memberName: string;
  branch: string | null;
  sanction: string;
  stage: string;
  daysSuspendedWithoutDecision: number | null;
  noCount: number;
  unknownCount: number;
  recommendation: string | null;
};

const SUBHEAD = 13;

/** Paragraphs separated by blank lines, line breaks inside one kept. */
function paragraphs(w: Writer, text: string | null, empty: string): void {
  const parts = splitParagraphs(text);
  if (parts.length === 0) w.paragraph(empty, { ...BODY, color: MUTED });
  for (const p of parts) w.paragraph(p, BODY, { after: 6 });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function renderReviewCase(r: ReviewCaseInput): Promise<PdfPart> {
  const w = new Writer({
    title: `Reinstatement review — ${oneLine(r.reference)}`,
    subject: `Reinstatement review for ${oneLine(r.memberName)}`,
    keywords: r.reference,
    createdOn: r.generatedOn,
  });
  heading(w, `Reinstatement review: ${r.reference}`, 16, { after: 10 });
  keyValues(
    w,
    [
      ['Member', r.memberName],
      ['Reference', r.reference],
      ['Branch', r.branch],
      ['Sanction', r.sanction],
      ['Imposed on', r.imposedOn ? ukDate(r.imposedOn) : 'Not known'],
      ['Stage and outcome', r.stage],
      ['Suspended without a decision', formatDays(r.daysSuspendedWithoutDecision) ?? 'Not applicable'],
      ['Assessment prepared', ukDate(r.generatedOn)],
    ],
    { labelWidth: 170 },
  );

  heading(w, 'Summary', SUBHEAD, { before: 12, after: 4 });
  paragraphs(w, r.summary, 'No summary has been written.');

  heading(w, 'Fairness assessment', SUBHEAD, { before: 12, after: 4, keep: 60 });
  if (r.findings.length === 0) {
    w.paragraph('No fairness assessment has been recorded.', { ...BODY, color: MUTED });
  } else {
    const no = r.findings.filter((f) => f.answer === 'NO').length;
    const unknown = r.findings.filter((f) => f.answer === 'UNKNOWN').length;
    w.paragraph(
      `${plural(r.findings.length, 'question', 'questions')}: ${no} answered No, ${unknown} not known.`,
      { ...SMALL, color: MUTED },
      { after: 6 },
    );
    const small: Style = { ...TABLE, size: 9 };
    drawTable(
      w,
      {
        columns: [
          { header: '', width: 20 },
          { header: 'Question', width: 170 },
          { header: 'Answer', width: 68 }, // "Not known" on one line
          { header: 'Notes and evidence', width: CONTENT_WIDTH - 20 - 170 - 68 },
        ],
        body: TABLE,
        header: TABLE_BOLD,
      },
      r.findings.map((f, i) => {
        const notes: Block[] = [
          { text: f.note?.trim() || 'No note.', style: f.note?.trim() ? TABLE : { ...TABLE, color: MUTED } },
        ];
        if (f.evidence.length) {
          notes.push({ text: 'Evidence:', style: { ...TABLE_BOLD, size: 9 }, gapBefore: 3 });
          for (const e of f.evidence) notes.push({ text: `• ${e}`, style: small });
        }
        return [`${i + 1}.`, f.question, [{ text: FAIRNESS_ANSWER_LABELS[f.answer], style: TABLE_BOLD }], notes];
      }),
    );
  }

  heading(w, 'Recommendation', SUBHEAD, { before: 14, after: 4 });
  paragraphs(w, r.recommendation, 'No recommendation has been recorded.');

  heading(w, 'Chronology', SUBHEAD, { before: 14, after: 6, keep: 60 });
  drawChronology(w, r.chronology);
  return w.finish();
}

export async function renderReviewSummary(
  rows: ReviewSummaryRow[],
  opts: { title: string; generatedOn: string; preparedBy: string },
): Promise<PdfPart> {
  const w = new Writer({ title: opts.title, createdOn: opts.generatedOn });
  heading(w, opts.title, 16, { after: 4 });
  w.paragraph(
    `Prepared by ${opts.preparedBy} on ${ukDate(opts.generatedOn)}. ${plural(rows.length, 'case', 'cases')}.`,
    { ...SMALL, color: MUTED },
    { after: 4 },
  );
  if (rows.length === 0) {
    w.paragraph('No cases were selected.', BODY);
    return w.finish();
  }
  const withNo = rows.filter((r) => r.noCount > 0).length;
  w.paragraph(
    `${plural(withNo, 'case has', 'cases have')} at least one fairness question answered No. "No" and "Not known" count the answers to the seven fairness questions; each case follows in full after this table.`,
    { face: 'regular', size: 10 },
    { after: 10 },
  );
  const body: Style = { face: 'regular', size: 9 };
  const bold: Style = { face: 'bold', size: 9 };
  // Nine facts per case on A4 portrait: reference and name share a cell, as do sanction and stage.
  const columns = [
    { header: 'Case', width: 96 },
    { header: 'Branch', width: 62 },
    { header: 'Sanction and stage', width: 96 },
    { header: 'Days without decision', width: 52, align: 'right' as const },
    { header: 'No', width: 26, align: 'right' as const },
    { header: 'Not known', width: 44, align: 'right' as const },
    { header: 'Recommendation', width: 0 },
  ];
  columns[6]!.width = CONTENT_WIDTH - columns.reduce((s, c) => s + c.width, 0);
  drawTable(
    w,
    { columns, body, header: bold },
    rows.map((r) => [
      [
        { text: r.reference, style: bold },
        { text: r.memberName, style: body },
      ],
      r.branch ?? '—',
      [
        { text: r.sanction, style: body },
        { text: r.stage, style: { ...body, color: MUTED }, gapBefore: 1 },
      ],
      r.daysSuspendedWithoutDecision === null ? '—' : r.daysSuspendedWithoutDecision.toLocaleString('en-GB'),
      [{ text: String(r.noCount), style: r.noCount > 0 ? bold : body }],
      String(r.unknownCount),
      r.recommendation?.trim() || '—',
    ]),
  );
  return w.finish();
}
