// Benchmark phase for issue 4, run in its own process by ./run.ts (BENCH_ONLY=letters) or alone:
//   DATA_DIR=$(mktemp -d) npx tsx scripts/bench/deadlines-letters.ts
// 1. deadline recomputation (syncDeadlines) for one case with 500 timeline events, 150 of which
//    start deadlines and 100 of which meet them; and adding one event end to end (which recomputes);
// 2. letter output: a filled one-page subject access request and a five-page letter rendered to PDF
//    (pdfkit) and DOCX, in letters per second, warm.
// Prints a JSON line prefixed "RESULT " for run.ts, and a readable summary.
import { performance } from 'node:perf_hooks';
import { applyMigrations } from '../../lib/db/migrate';
import { db } from '../../lib/db/client';
import { syncDeadlines } from '../../lib/deadlines/sync-deadlines';
import { addEvent } from '../../lib/timeline/event-services';
import { renderLetterDocx, renderLetterPdf } from '../../lib/letters/render';
import type { LetterDocument } from '../../lib/letters/types';
import type { EventType } from '../../lib/db/generated/enums';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const round = (n: number, d = 1) => Number(n.toFixed(d));

async function timeIt(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ median: number; p95: number; runs: number }> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return { median: round(pct(times, 50), 2), p95: round(pct(times, 95), 2), runs };
}

async function perSecond(seconds: number, fn: () => Promise<unknown>): Promise<{ perSecond: number; count: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  while (performance.now() < end) {
    await fn();
    count++;
  }
  return { perSecond: round(count / ((performance.now() - start) / 1000)), count };
}

async function main() {
  await applyMigrations();
  await db.organisation.create({ data: { name: 'Bench party' } });
  const user = await db.user.create({
    data: { email: `bench-${Date.now()}@bench.test`, name: 'Bench caseworker', role: 'COORDINATOR' },
  });
  const person = await db.person.create({ data: { fullName: 'Bench Member' } });
  const kase = await db.case.create({
    data: { reference: 'RS-2026-9999', personId: person.id, createdById: user.id, consentGivenAt: new Date() },
  });

  // 500 events over ten years: 50 each of SAR sent / notice / decision (150 deadlines), 100 answers, 250 other.
  const types: EventType[] = [];
  for (let i = 0; i < 50; i++)
    types.push('SAR_SENT', 'NOTICE_OF_INVESTIGATION', 'DECISION', 'SAR_RESPONSE_RECEIVED', 'RESPONSE_SUBMITTED');
  while (types.length < 500) types.push(types.length % 2 ? 'NOTE' : 'LETTER_RECEIVED');
  await db.timelineEvent.createMany({
    data: types.map((type, i) => ({
      caseId: kase.id,
      type,
      createdById: user.id,
      title: `Event ${i}`,
      datePrecision: 'DAY' as const,
      occurredOn: new Date(Date.UTC(2016, 0, 1) + i * 7 * 86_400_000),
      windowDays: type === 'NOTICE_OF_INVESTIGATION' ? 14 : null,
    })),
  });
  await db.$executeRawUnsafe('ANALYZE');
  const sync = await timeIt(40, () => db.$transaction((tx) => syncDeadlines(tx, kase.id), { timeout: 60_000 }));
  const deadlines = await db.deadline.count({ where: { caseId: kase.id } });
  const met = await db.deadline.count({ where: { caseId: kase.id, metOn: { not: null } } });
  let n = 0;
  const add = await timeIt(20, () =>
    addEvent(
      user,
      {
        caseId: kase.id,
        type: 'SAR_SENT',
        date: { precision: 'DAY', year: 2026, month: 1, day: 1 + (n++ % 28) },
        title: 'Another SAR',
        caseworkersOnly: false,
      } as never,
      { ip: 'bench', userAgent: 'bench' },
    ),
  );

  const para =
    'I am writing to ask for a copy of all the personal data the party holds about me, under Article 15 of the UK General Data Protection Regulation. This includes emails, notes of meetings, complaints made about me and any reports prepared about my conduct.';
  const doc: LetterDocument = {
    senderName: 'Siobhán Ó Dálaigh',
    senderAddress: '12 Acacia Avenue\nLeeds\nLS1 1AA',
    recipientName: 'Governance and Legal Unit',
    recipientAddress: 'The Party\n1 Party Street\nLondon\nSW1A 1AA',
    date: '2026-11-22',
    reference: 'RS-2026-0005',
    subject: 'Subject access request',
    body: ['Dear Sir or Madam,', para, para, 'Please reply within one calendar month.', 'Yours faithfully,'].join(
      '\n\n',
    ),
    signatureName: 'Siobhán Ó Dálaigh',
  };
  const long: LetterDocument = { ...doc, body: Array.from({ length: 30 }, () => para).join('\n\n') };
  const pdfOne = await perSecond(5, () => renderLetterPdf(doc));
  const pdfLong = await perSecond(5, () => renderLetterPdf(long));
  const docx = await perSecond(5, () => renderLetterDocx(doc));
  const pdfBytes = (await renderLetterPdf(doc)).length;

  const result = {
    events: 500,
    deadlines,
    met,
    sync,
    addEvent: add,
    pdfOnePage: { ...pdfOne, bytes: pdfBytes },
    pdfFivePages: pdfLong,
    docx,
    rssMb: round(process.memoryUsage().rss / 2 ** 20),
  };
  console.log(
    `Deadline recomputation, 500 events (${deadlines} deadlines, ${met} met): median ${sync.median} ms, p95 ${sync.p95} ms over ${sync.runs} runs`,
  );
  console.log(`Adding one event (validate, write, recompute, audit): median ${add.median} ms, p95 ${add.p95} ms`);
  console.log(
    `Letter PDF, one page: ${pdfOne.perSecond}/s (${pdfBytes.toLocaleString('en-GB')} bytes); long letter: ${pdfLong.perSecond}/s; DOCX: ${docx.perSecond}/s`,
  );
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
