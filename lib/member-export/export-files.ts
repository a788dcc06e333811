import { stringify } from 'csv-stringify/sync';
import type { Readable } from 'node:stream';
import { actionWords } from '../audit/actions';
import {
  BODY_LABELS,
  CONSENT_METHOD_LABELS,
  EVENT_TYPE_LABELS,
  OUTCOME_LABELS,
  REASON_LABELS,
  SANCTION_TYPE_LABELS,
  STAGE_LABELS,
} from '../cases/labels';
import { formatPartialDate } from '../dates/partial-date';
import { DEADLINE_LABELS } from '../deadlines/sync-deadlines';
import { EVIDENCE_KIND_LABELS } from '../evidence/kinds';
import { safeFilename } from '../evidence/filenames';
import { FAIRNESS_ANSWER_LABELS, FAIRNESS_QUESTIONS } from '../bundle/fairness-questions';
import type { ExportAccount, ExportCase } from './collect-data';

// The files of a member's export, as values: small files as bytes, stored files (evidence, letter PDFs,
// bundles) as a way to open them, so the zip builder streams them one at a time. Readable JSON (the data as
// stored) and CSV (one row per thing, in words, for a spreadsheet) side by side.

export type ExportFile =
  | { path: string; bytes: Buffer }
  | {
      path: string;
      /** Opened only when the zip reaches this file. */
      stored: { storageKey: string; wrappedKey: string };
      /** The SHA-256 recorded when the file was filed, to compare with what is read back. */
      filedSha256: string | null;
    };

export type OpenStored = (s: { storageKey: string; wrappedKey: string }) => Promise<Readable>;

// Where a file is kept and its key stay on the server; links name timeline entries by id, some of them hidden.
const SERVER_ONLY = new Set(['storageKey', 'wrappedKey', 'previewKey', 'links']);
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '');
const when = (d: Date | null | undefined) => (d ? d.toISOString() : '');
const json = (path: string, value: unknown): ExportFile => ({
  path,
  bytes: Buffer.from(`${JSON.stringify(value, null, 2)}\n`),
});
// A BOM so spreadsheet programs read UTF-8; cells starting = + - @ escaped so nothing runs as a formula.
const csv = (path: string, header: string[], rows: unknown[][]): ExportFile => ({
  path,
  bytes: Buffer.from(stringify([header, ...rows], { bom: true, escape_formulas: true, record_delimiter: 'windows' })),
});
const who = (u: { name: string; role: string } | null | undefined) => (u ? `${u.name} (${u.role.toLowerCase()})` : '');

/** Gives each file a path no other file has ("name (2).pdf"). */
export function uniquePaths(): (path: string) => string {
  const used = new Set<string>();
  return (path) => {
    let candidate = path;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = path.replace(/(\.[^./]+)?$/, ` (${n})$1`);
    used.add(candidate.toLowerCase());
    return candidate;
  };
}

export function accountFiles({ user, accountActivity }: ExportAccount): ExportFile[] {
  const { person, sessions, intakeDraft, totpFactor, passkeys, calendarFeeds, ...account } = user;
  return [
    json('account/account.json', {
      ...account,
      twoStepSignIn: { authenticatorAppSince: totpFactor?.createdAt ?? null, passkeys },
      calendarLinks: calendarFeeds,
    }),
    csv(
      'account/sign-ins.csv',
      ['Signed in', 'Last seen', 'Ends', 'Signed out', 'Internet address', 'Browser'],
      sessions.map((s) => [
        when(s.createdAt),
        when(s.lastSeenAt),
        when(s.expiresAt),
        when(s.revokedAt),
        s.ip,
        s.userAgent,
      ]),
    ),
    csv(
      'account/account-activity.csv',
      ['When', 'What you did', 'Internet address', 'Browser'],
      accountActivity.map((a) => [when(a.createdAt), actionWords(a.action), a.ip, a.userAgent]),
    ),
    json('account/your-details.json', person),
    ...(intakeDraft ? [json('account/case-form-draft.json', intakeDraft)] : []),
  ];
}

export function caseFiles(c: ExportCase, unique: (p: string) => string): ExportFile[] {
  const dir = `cases/${c.reference}`;
  const exhibit = (n: number) => `E${n}`;
  const evidenceFiles = c.evidence.map((e) => ({
    e,
    path: unique(`${dir}/evidence/${exhibit(e.exhibitNumber)} ${safeFilename(e.originalName)}`),
  }));
  const letterFiles = c.letters.map((l) => {
    const base = `${dir}/letters/${day(l.sentOn)} ${safeFilename(l.title)}`;
    return { l, pdf: unique(`${base}.pdf`), txt: unique(`${base}.txt`) };
  });
  const bundleFiles = c.bundles.map((b) => ({
    b,
    path: unique(`${dir}/bundles/${b.kind === 'CASE_REVIEW' ? 'Review' : 'Bundle'} version ${b.version}.pdf`),
  }));
  const captured = c.evidence.filter((e) => e.capturedText !== null);
  const consent = [
    ...(c.consentGivenAt
      ? [
          [
            when(c.consentGivenAt),
            'Agreed to caseworker help',
            c.consentMethod ? CONSENT_METHOD_LABELS[c.consentMethod] : '',
            who(c.consentTakenBy),
          ],
        ]
      : []),
    ...(c.consentWithdrawnAt ? [[when(c.consentWithdrawnAt), 'Withdrew agreement to caseworker help', '', '']] : []),
  ];
  const consentWords = new Set([actionWords('case.consent_given'), actionWords('case.consent_withdrawn')]);
  const { events, deadlines, review, activity, sanctions } = c;
  return [
    json(`${dir}/case.json`, {
      reference: c.reference,
      stage: c.stage,
      outcome: c.outcome,
      appealStatus: c.appealStatus,
      wants: c.wants,
      summary: c.summary,
      consentGivenAt: c.consentGivenAt,
      consentWithdrawnAt: c.consentWithdrawnAt,
      consentMethod: c.consentMethod,
      consentTakenBy: c.consentTakenBy,
      jurisdiction: c.jurisdiction,
      appealWindowDays: c.appealWindowDays,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      stageInWords: STAGE_LABELS[c.stage],
      outcomeInWords: c.outcome ? OUTCOME_LABELS[c.outcome] : null,
      caseworkers: c.assignments,
    }),
    csv(
      `${dir}/sanctions.csv`,
      ['What was done', 'Imposed on', 'By', 'Stated reason', 'Reason given', 'Outcome', 'Ended on'],
      sanctions.map((s) => [
        SANCTION_TYPE_LABELS[s.type],
        formatPartialDate(s.imposedOn, s.imposedPrecision),
        s.imposedBy ? BODY_LABELS[s.imposedBy] : '',
        s.reasonCategory ? REASON_LABELS[s.reasonCategory] : '',
        s.reasonText,
        s.outcome,
        s.endedOn ? formatPartialDate(s.endedOn, s.endedPrecision) : '',
      ]),
    ),
    json(`${dir}/sanctions.json`, sanctions),
    json(`${dir}/timeline.json`, events),
    csv(
      `${dir}/timeline.csv`,
      ['Date', 'What', 'Title', 'Details', 'Privileged', 'Without prejudice', 'Received on', 'Added by', 'Exhibits'],
      events.map((e) => [
        formatPartialDate(e.occurredOn, e.datePrecision),
        EVENT_TYPE_LABELS[e.type],
        e.title,
        e.details,
        e.privileged ? 'Yes' : 'No',
        e.withoutPrejudice ? 'Yes' : 'No',
        day(e.receivedOn),
        who(e.createdBy),
        e.evidence.map((x) => exhibit(x.evidence.exhibitNumber)).join(' '),
      ]),
    ),
    json(
      `${dir}/evidence.json`,
      // Where a file is kept and its key stay on the server.
      evidenceFiles.map(({ e, path }) => ({
        ...Object.fromEntries(Object.entries(e).filter(([k]) => !SERVER_ONLY.has(k))),
        fileInThisDownload: path,
      })),
    ),
    csv(
      `${dir}/evidence.csv`,
      ['Exhibit', 'Title', 'Kind', 'Date', 'Where it came from', 'Web address', 'File in this download', 'SHA-256'],
      evidenceFiles.map(({ e, path }) => [
        exhibit(e.exhibitNumber),
        e.title,
        EVIDENCE_KIND_LABELS[e.kind as keyof typeof EVIDENCE_KIND_LABELS] ?? e.kind,
        e.occurredOn ? formatPartialDate(e.occurredOn, e.datePrecision) : '',
        e.source,
        e.sourceUrl,
        path,
        e.sha256,
      ]),
    ),
    ...evidenceFiles.map(({ e, path }) => ({
      path,
      stored: { storageKey: e.storageKey, wrappedKey: e.wrappedKey },
      filedSha256: e.sha256,
    })),
    json(
      `${dir}/captured-posts.json`,
      captured.map((e) => ({
        exhibit: exhibit(e.exhibitNumber),
        title: e.title,
        address: e.sourceUrl,
        seenAt: e.seenAt,
        words: e.capturedText,
      })),
    ),
    csv(
      `${dir}/captured-posts.csv`,
      ['Exhibit', 'Title', 'Web address', 'Seen on', 'Words'],
      captured.map((e) => [exhibit(e.exhibitNumber), e.title, e.sourceUrl, day(e.seenAt), e.capturedText]),
    ),
    csv(
      `${dir}/letters.csv`,
      ['Sent on', 'Title', 'To', 'Written by', 'PDF file', 'Text file', 'SHA-256 of the PDF', 'SHA-256 of the text'],
      letterFiles.map(({ l, pdf, txt }) => [
        day(l.sentOn),
        l.title,
        l.recipient,
        who(l.createdBy),
        pdf,
        txt,
        l.pdfSha256,
        l.textSha256,
      ]),
    ),
    ...letterFiles.flatMap(({ l, pdf, txt }) => [
      { path: txt, bytes: Buffer.from(l.body) },
      { path: pdf, stored: { storageKey: l.pdfStorageKey, wrappedKey: l.pdfWrappedKey }, filedSha256: l.pdfSha256 },
    ]),
    csv(
      `${dir}/bundles.csv`,
      ['What', 'Version', 'Purpose', 'Pages', 'Made by', 'Made on', 'File in this download', 'SHA-256'],
      bundleFiles.map(({ b, path }) => [
        b.kind === 'CASE_REVIEW' ? 'Review' : 'Bundle',
        b.version,
        b.purpose,
        b.pageCount,
        who(b.createdBy),
        when(b.createdAt),
        path,
        b.sha256,
      ]),
    ),
    ...bundleFiles.flatMap(({ b, path }) =>
      b.storageKey && b.wrappedKey
        ? [{ path, stored: { storageKey: b.storageKey, wrappedKey: b.wrappedKey }, filedSha256: b.sha256 }]
        : [],
    ),
    json(`${dir}/deadlines.json`, deadlines),
    csv(
      `${dir}/deadlines.csv`,
      ['What', 'Due on', 'Started by', 'Rule', 'Warning', 'Met on', 'Waived on', 'Why waived', 'Extended on', 'Closed'],
      deadlines.map((d) => [
        DEADLINE_LABELS[d.kind],
        day(d.dueOn),
        d.event.title,
        d.rule,
        d.warning,
        day(d.metOn),
        day(d.waivedAt),
        d.waivedReason,
        day(d.extendedAt),
        d.closedReason,
      ]),
    ),
    json(`${dir}/review.json`, review),
    csv(
      `${dir}/review.csv`,
      ['Question', 'Answer', 'Finding'],
      (review?.findings ?? []).map((f) => [FAIRNESS_QUESTIONS[f.question], FAIRNESS_ANSWER_LABELS[f.answer], f.note]),
    ),
    csv(
      `${dir}/consent.csv`,
      ['When', 'What', 'How', 'Taken by'],
      [
        ...consent,
        ...activity.filter((a) => consentWords.has(a.what)).map((a) => [when(a.createdAt), a.what, '', who(a.actor)]),
      ],
    ),
    json(`${dir}/activity.json`, activity),
    csv(
      `${dir}/activity.csv`,
      ['When', 'Who', 'Role', 'What happened'],
      activity.map((a) => [when(a.createdAt), a.actor?.name ?? '', a.actor?.role.toLowerCase() ?? '', a.sentence]),
    ),
  ];
}
