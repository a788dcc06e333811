import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import mammoth from 'mammoth';
import { db } from '@/lib/db/client';
import type { EventType } from '@/lib/db/generated/enums';
import { activityFor } from '@/lib/auth/audience';
import { startBundleAction, startReviewAction, publishReviewAction, saveFairnessAction } from '@/lib/bundle/actions';
import { listBundles, openBundle } from '@/lib/bundle/bundle-services';
import { preflight, type BundlePlan } from '@/lib/bundle/plan';
import { bundleQueueIdle } from '@/lib/bundle/queue';
import { getFairness } from '@/lib/bundle/fairness';
import { buildCalendarFeed } from '@/lib/calendar/feed';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { findActionableDeadlines } from '@/lib/deadlines/find-deadlines';
import { captureEvidenceAction, updateEvidenceAction } from '@/lib/evidence/actions';
import { findVisibleEvidence, listEvidence } from '@/lib/evidence/evidence-services';
import { fileEvidence } from '@/lib/evidence/file-evidence';
import { saveLetterAction } from '@/lib/letters/actions';
import { openLetterFile } from '@/lib/letters/letter-services';
import { jobsIdle } from '@/lib/jobs/queue';
import { decideAccessItem, getAccessRequest, logAccessRequest } from '@/lib/access-requests/access-request-services';
import { openAccessResponse, releaseAccessRequest } from '@/lib/access-requests/release';
import { requestMemberExportAction } from '@/lib/member-export/actions';
import { openMemberExport } from '@/lib/member-export/open-export';
import { composeDigest } from '@/lib/reminders/compose-digest';
import { searchCases } from '@/lib/search/search-cases';
import { SEARCH_MAX } from '@/lib/search/schemas';
import { addEventAction, updateEventAction } from '@/lib/timeline/actions';
import { actAs, ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { pdfText, runTool } from '../../helpers/tools';

// The audience rule as an invariant over generated cases: random mixes of shared, caseworker-only,
// privileged and without-prejudice items (timeline entries, uploaded evidence, captured posts, letters,
// the deadlines they start and meet, a review with internal notes and drafts), random bundles for random
// audiences with random "include on purpose" and provenance choices, then random changes of who may see
// what after the bundles were built. Every output the member can obtain is rendered (the case page's
// data, evidence list, review, activity, deadlines, calendar feed, digest email, search, pre-flights, every
// bundle and review PDF through pdftotext, every letter as PDF and DOCX text, every file of their "Download my
// data" zip, decrypted evidence and PDFs included, the response to a subject access request with every
// hidden item withheld), and so is every bundle
// still standing for an outside body. Each item carries a marker; no marker of something hidden from
// the reader may appear in anything that reader can obtain.
//
// INVARIANT_CASES sets the number of generated cases (500 by default: CI's figure on the embedded
// database). The figures are printed at the end.

const RUNS = Number(process.env.INVARIANT_CASES ?? 500);
const SEED = process.env.INVARIANT_SEED ? Number(process.env.INVARIANT_SEED) : undefined;

type Privacy = { caseworkersOnly: boolean; privileged: boolean; withoutPrejudice: boolean };
type Who = 'member' | 'caseworker';
type ItemSpec =
  | { kind: 'event'; type: EventType; day: number; privacy: Privacy; by: Who }
  | { kind: 'evidence'; privacy: Privacy; provenance: boolean; by: Who }
  | { kind: 'capture'; privacy: Privacy; by: Who }
  | { kind: 'letter'; day: number; by: Who; template: (typeof LETTER_TEMPLATES)[number] };
type BundleSpec = { by: Who; audience: 'OUTSIDE' | 'MEMBER' | 'STAFF'; onPurpose: boolean; provenance: boolean };
type CaseSpec = {
  items: ItemSpec[];
  review: { publish: boolean; draftAfter: boolean } | null;
  bundles: BundleSpec[];
  reviewPdf: boolean;
  changes: { item: number; privacy: Privacy }[];
};

// Most items are shared; a good share hidden or marked, so every combination comes up.
const privacyArb: fc.Arbitrary<Privacy> = fc.record({
  caseworkersOnly: fc.boolean(),
  privileged: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  withoutPrejudice: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});
const whoArb = fc.constantFrom<Who>('member', 'caseworker');
const EVENT_TYPES: EventType[] = [
  'NOTE',
  'SAR_SENT',
  'SAR_RESPONSE_RECEIVED',
  'NOTICE_OF_INVESTIGATION',
  'RESPONSE_SUBMITTED',
  'DECISION',
  'APPEAL_LODGED',
  'MEETING_OR_CONTACT',
  'LETTER_RECEIVED',
];
// Letters that start a deadline (SAR), open a reply deadline (particulars: 14 days) or lodge an appeal (meeting a window).
const LETTER_TEMPLATES = ['subject-access-request', 'request-for-particulars', 'appeal-against-decision'] as const;
const itemArb: fc.Arbitrary<ItemSpec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      type: fc.constantFrom(...EVENT_TYPES),
      day: fc.integer({ min: 0, max: 300 }),
      privacy: privacyArb,
      by: whoArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('evidence' as const),
      privacy: privacyArb,
      provenance: fc.boolean(),
      by: whoArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capture' as const), privacy: privacyArb, by: whoArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('letter' as const),
      day: fc.integer({ min: 0, max: 300 }),
      by: whoArb,
      template: fc.constantFrom(...LETTER_TEMPLATES),
    }),
  },
);
const caseArb: fc.Arbitrary<CaseSpec> = fc.record({
  items: fc.array(itemArb, { minLength: 1, maxLength: 7 }),
  review: fc.option(fc.record({ publish: fc.boolean(), draftAfter: fc.boolean() }), { nil: null }),
  bundles: fc.array(
    fc.record({
      by: whoArb,
      audience: fc.constantFrom('OUTSIDE' as const, 'MEMBER' as const, 'STAFF' as const),
      onPurpose: fc.boolean(),
      provenance: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  reviewPdf: fc.boolean(),
  changes: fc.array(fc.record({ item: fc.nat(), privacy: privacyArb }), { maxLength: 3 }),
});

const stats = { cases: 0, outputs: 0, pdfs: 0, bundles: 0, withdrawn: 0, hiddenMarkers: 0, leaks: 0 };

let run = 0;
const iso = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
const partial = (day: number) => {
  const d = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);
  return { precision: 'DAY' as const, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const ok = <T>(res: { ok: true; data: T } | { ok: false; error: string }): T => {
  if (!res.ok) throw new Error(res.error);
  return res.data;
};

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

type Made = {
  kind: ItemSpec['kind'];
  marker: string;
  provenanceMarker?: string;
  evidenceId?: string;
  eventId?: string;
  letterId?: string;
  filedBy: string;
};

async function buildCase(spec: CaseSpec) {
  const tag = `${(run++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const mark = (n: number | string) => `ZQ${tag}X${n}Z`;
  const caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  const member = c.member!;
  const users: Record<Who, TestUser> = { member, caseworker };
  const made: Made[] = [];

  for (const [n, item] of spec.items.entries()) {
    const marker = mark(n);
    // A member never marks anything caseworkers only: such an item is a caseworker's.
    const by = item.kind !== 'letter' && item.privacy.caseworkersOnly ? 'caseworker' : item.by;
    actAs(users[by]);
    if (item.kind === 'event') {
      const res = ok(
        await addEventAction({
          caseId: c.kase.id,
          type: item.type,
          date: partial(item.day),
          title: `Entry ${marker}`,
          details: `Details ${marker}`,
          ...item.privacy,
        }),
      );
      made.push({ kind: 'event', marker, eventId: res.id, filedBy: users[by].id });
    } else if (item.kind === 'evidence') {
      const { item: file } = await fileEvidence(
        users[by],
        {
          reference: c.kase.reference,
          name: `exhibit-${n}.txt`,
          declaredMime: 'text/plain',
          body: Readable.from([Buffer.from(`Exhibit text ${marker}\n`)]),
        },
        ctx,
      );
      const provenanceMarker = item.provenance ? mark(`P${n}`) : undefined;
      ok(
        await updateEvidenceAction({
          evidenceId: file.id,
          version: 1,
          title: `Exhibit ${marker}`,
          kind: 'DOCUMENT',
          date: partial(10 + n),
          source: provenanceMarker && `Came from ${provenanceMarker}`,
          ...item.privacy,
        }),
      );
      made.push({ kind: 'evidence', marker, provenanceMarker, evidenceId: file.id, filedBy: users[by].id });
    } else if (item.kind === 'capture') {
      const res = ok(
        await captureEvidenceAction({
          caseId: c.kase.id,
          url: `https://example.org/${marker}`,
          text: `Post text ${marker}`,
          seenOn: partial(20 + n),
          title: `Post ${marker}`,
          kind: 'SOCIAL_POST',
          ...item.privacy,
        }),
      );
      made.push({ kind: 'capture', marker, evidenceId: res.id, filedBy: users[by].id });
    } else {
      const res = ok(
        await saveLetterAction({
          caseId: c.kase.id,
          templateKey: item.template,
          sentOn: iso(item.day),
          document: {
            senderName: 'A Member',
            senderAddress: '1 Road\nTown',
            recipientName: 'The Party',
            recipientAddress: '1 Party Street',
            subject: 'Subject access request',
            body: `Please send my data. ${marker}`,
            signatureName: 'A Member',
          },
        }),
      );
      made.push({ kind: 'letter', marker, letterId: res.id, eventId: res.eventId, filedBy: users[by].id });
    }
  }

  const reviewMarkers = { note: mark('RN'), internal: mark('RI'), recommendation: mark('RR'), draft: mark('RD') };
  let published = false;
  if (spec.review) {
    actAs(caseworker);
    const evidenceIds = made
      .filter((m) => m.evidenceId)
      .map((m) => m.evidenceId!)
      .slice(0, 3);
    ok(
      await saveFairnessAction({
        caseId: c.kase.id,
        recommendation: `Recommend ${reviewMarkers.recommendation}`,
        findings: [
          {
            question: 'TOLD_ALLEGATIONS',
            answer: 'NO',
            note: `Finding ${reviewMarkers.note}`,
            internalNote: `Internal ${reviewMarkers.internal}`,
            evidenceIds,
            version: 0,
          },
        ],
      }),
    );
    if (spec.review.publish) {
      ok(await publishReviewAction({ caseId: c.kase.id }));
      published = true;
    }
    if (spec.review.draftAfter) {
      ok(
        await saveFairnessAction({
          caseId: c.kase.id,
          recommendation: `Changed ${reviewMarkers.draft}`,
          findings: [
            {
              question: 'APPEAL_OFFERED',
              answer: 'NO',
              note: `Draft ${reviewMarkers.draft}`,
              evidenceIds: [],
              version: 0,
            },
          ],
        }),
      );
    }
  }

  for (const b of spec.bundles) {
    const who = b.audience === 'STAFF' ? 'caseworker' : b.by;
    const plan: BundlePlan = await preflight(users[who], c.kase.id, 'APPEAL', b.audience);
    const items = plan.sections.flatMap((s) => s.items);
    actAs(users[who]);
    ok(
      await startBundleAction({
        caseId: c.kase.id,
        purpose: 'APPEAL',
        audience: b.audience,
        choices: {
          sectionOrder: [],
          itemOrder: {},
          waiverAcknowledged: true,
          includeOnPurpose: b.onPurpose
            ? items.filter((i) => i.canIncludeOnPurpose && i.exclusions.length > 0).map((i) => i.ref)
            : [],
          includeProvenance: b.provenance
            ? items
                .filter((i) => i.provenance && (i.exclusions.length === 0 || (b.onPurpose && i.canIncludeOnPurpose)))
                .map((i) => i.ref)
            : [],
        },
      }),
    );
    stats.bundles += 1;
  }
  if (spec.reviewPdf && published) {
    actAs(caseworker);
    ok(await startReviewAction({ caseId: c.kase.id }));
  }
  await bundleQueueIdle();

  // Who may see what changes after the bundles were made.
  actAs(caseworker);
  for (const change of spec.changes) {
    const target = made[change.item % made.length]!;
    if (target.evidenceId) {
      const e = await db.evidence.findUniqueOrThrow({ where: { id: target.evidenceId } });
      ok(
        await updateEvidenceAction({
          evidenceId: e.id,
          version: e.version,
          title: e.title,
          kind: e.kind,
          date: partial(10),
          source: e.source ?? undefined,
          sourceUrl: e.sourceUrl ?? undefined,
          ...change.privacy,
        }),
      );
    } else {
      const e = await db.timelineEvent.findUniqueOrThrow({ where: { id: target.eventId! } });
      const day = Math.round((e.occurredOn.getTime() - Date.UTC(2026, 0, 1)) / 86_400_000);
      ok(
        await updateEventAction({
          eventId: e.id,
          version: e.version,
          type: e.type,
          date: partial(day),
          title: e.title,
          details: e.details ?? undefined,
          ...change.privacy,
        }),
      );
    }
  }
  return { kase: c.kase, member, caseworker, made, reviewMarkers, published };
}

type Built = Awaited<ReturnType<typeof buildCase>>;

/** What is hidden from the member now, and from an outside body, by marker. */
async function hiddenMarkers(b: Built) {
  const fromMember = new Set<string>([b.reviewMarkers.internal, b.reviewMarkers.draft]);
  if (!b.published) for (const m of [b.reviewMarkers.note, b.reviewMarkers.recommendation]) fromMember.add(m);
  const fromOutside = new Map<string, { eventId?: string; evidenceId?: string; cwOnly: boolean }>();
  for (const m of b.made) {
    const p = m.evidenceId
      ? await db.evidence.findUniqueOrThrow({
          where: { id: m.evidenceId },
          select: { visibility: true, privileged: true, withoutPrejudice: true },
        })
      : await db.timelineEvent.findUniqueOrThrow({
          where: { id: m.eventId! },
          select: { visibility: true, privileged: true, withoutPrejudice: true },
        });
    if (p.visibility !== 'SHARED') fromMember.add(m.marker);
    // Someone else's provenance note: never the member's to see.
    if (m.provenanceMarker && (m.filedBy !== b.member.id || p.visibility !== 'SHARED'))
      fromMember.add(m.provenanceMarker);
    if (p.visibility !== 'SHARED' || p.privileged || p.withoutPrejudice)
      fromOutside.set(m.marker, { eventId: m.eventId, evidenceId: m.evidenceId, cwOnly: p.visibility !== 'SHARED' });
  }
  return { fromMember, fromOutside };
}

/** Markers as "a OR b OR …" searches, each within the search box's length. */
function markerQueries(markers: string[]): string[] {
  const queries: string[] = [];
  let q = '';
  for (const m of markers) {
    const next = q ? `${q} OR ${m}` : m;
    if (next.length > SEARCH_MAX && q) {
      queries.push(q);
      q = m;
    } else q = next;
  }
  if (q) queries.push(q);
  return queries;
}

function assertNoMarkers(name: string, text: string, hidden: Iterable<string>) {
  stats.outputs += 1;
  const flat = text.replace(/\s+/g, '');
  for (const m of hidden) {
    if (flat.includes(m)) {
      stats.leaks += 1;
      throw new Error(`LEAK: ${m} appears in ${name}`);
    }
  }
}

/** The member's "Download my data" zip, unpacked: every file's text (PDFs through pdftotext). */
async function exportFiles(member: TestUser): Promise<{ name: string; text: string }[]> {
  actAs(member);
  const { id } = ok(await requestMemberExportAction({}));
  await jobsIdle();
  const zip = await readAll((await openMemberExport(member, id, ctx)).stream);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
  try {
    const zipFile = path.join(dir, 'export.zip');
    fs.writeFileSync(zipFile, zip);
    await runTool('unzip', ['-q', zipFile, '-d', path.join(dir, 'files')]);
    const files = (fs.readdirSync(path.join(dir, 'files'), { recursive: true }) as string[]).filter((name) =>
      fs.statSync(path.join(dir, 'files', name)).isFile(),
    );
    return await Promise.all(
      files.map(async (name) => {
        const bytes = fs.readFileSync(path.join(dir, 'files', name));
        return { name: `export ${name}`, text: name.endsWith('.pdf') ? await pdfText(bytes) : bytes.toString('utf8') };
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything the member can obtain about their case. */
async function memberOutputs(b: Built): Promise<{ name: string; text: string }[]> {
  const { member, kase } = b;
  const out: { name: string; text: string }[] = [];
  const page = await getCaseForViewer(member, kase.reference, ctx);
  out.push({ name: 'case page data', text: JSON.stringify(page) });
  out.push({ name: 'evidence list', text: JSON.stringify(await listEvidence(member, kase.id)) });
  out.push({ name: 'review', text: JSON.stringify(await getFairness(member, kase.id)) });
  out.push({ name: 'activity', text: JSON.stringify(await getCaseActivity(member, kase.id)) });
  const deadlines = await findActionableDeadlines(member);
  out.push({ name: 'deadlines', text: JSON.stringify(deadlines) });
  out.push({ name: 'calendar feed', text: await buildCalendarFeed(member) });
  out.push({
    name: 'digest email',
    text: composeDigest({ audience: 'member', items: deadlines, today: '2026-11-30', appUrl: 'http://x' }).text,
  });
  for (const audience of ['OUTSIDE', 'MEMBER'] as const)
    out.push({
      name: `pre-flight ${audience}`,
      text: JSON.stringify(await preflight(member, kase.id, 'APPEAL', audience)),
    });
  for (const kind of ['CASE_BUNDLE', 'CASE_REVIEW'] as const) {
    for (const row of await listBundles(member, kase.id, kind)) {
      if (row.status !== 'READY') continue;
      const file = await openBundle(member, row.id, ctx);
      out.push({ name: `${kind} ${row.id} (${row.audience})`, text: await pdfText(await readAll(file.stream)) });
      stats.pdfs += 1;
    }
  }
  // Search, for every item's marker at once: the cases it finds with their titles and snippets (not the
  // words searched for, which the page shows back to the reader).
  for (const q of markerQueries(b.made.map((m) => m.marker)))
    out.push({ name: `search "${q}"`, text: JSON.stringify((await searchCases(member, { q, page: 1 }, ctx)).cases) });
  for (const letter of page.letters) {
    const pdf = await openLetterFile(member, letter.id, 'pdf', ctx);
    out.push({ name: `letter ${letter.id} PDF`, text: await pdfText(pdf.bytes ?? (await readAll(pdf.stream!))) });
    const docx = await openLetterFile(member, letter.id, 'docx', ctx);
    out.push({
      name: `letter ${letter.id} DOCX`,
      text: (await mammoth.extractRawText({ buffer: docx.bytes ?? (await readAll(docx.stream!)) })).value,
    });
    stats.pdfs += 1;
  }
  out.push(...(await exportFiles(member)));
  out.push(await accessResponse(b));
  return out;
}

let sarCoordinator: TestUser | undefined;
/**
 * The response to a subject access request made to the network, released by a coordinator who withheld every
 * item waiting for a decision (caseworker-only, privileged, staff provenance notes) and released the rest:
 * it must hold nothing the member may not see.
 */
async function accessResponse(b: Built): Promise<{ name: string; text: string }> {
  sarCoordinator ??= await makeUser('COORDINATOR');
  const c = sarCoordinator;
  const { id } = await logAccessRequest(c, { who: b.kase.reference, receivedOn: '2026-11-02', source: 'PERSON' }, ctx);
  for (const item of (await getAccessRequest(c, id, ctx)).items.filter((i) => i.effective === 'UNDECIDED'))
    await decideAccessItem(
      c,
      { requestId: id, item: { itemType: item.type, itemId: item.id, decision: 'WITHHOLD', exemption: 'THIRD_PARTY' } },
      ctx,
    );
  await releaseAccessRequest(c, { requestId: id, coveringLetter: 'Dear member, this is everything we hold.' }, ctx);
  stats.pdfs += 1;
  return {
    name: 'subject access response',
    text: await pdfText(await readAll((await openAccessResponse(b.member, id, ctx)).stream)),
  };
}

async function checkCase(spec: CaseSpec) {
  const b = await buildCase(spec);
  stats.cases += 1;
  const { fromMember, fromOutside } = await hiddenMarkers(b);
  stats.hiddenMarkers += fromMember.size;

  for (const o of await memberOutputs(b)) assertNoMarkers(`the member's ${o.name}`, o.text, fromMember);

  // Hidden items answer the member exactly like missing ones.
  for (const m of b.made) {
    if (!fromMember.has(m.marker)) continue;
    if (m.evidenceId) await expect(findVisibleEvidence(b.member, m.evidenceId)).rejects.toThrow('Not found');
    if (m.letterId) await expect(openLetterFile(b.member, m.letterId, 'pdf', ctx)).rejects.toThrow('Not found');
  }

  // Searching for what is hidden from the member finds nothing (not even the case, without a snippet);
  // searching for what they may see finds their case, so the check above is not empty.
  const hiddenMade = b.made.filter((m) => fromMember.has(m.marker)).map((m) => m.marker);
  for (const q of markerQueries(hiddenMade)) {
    const found = await searchCases(b.member, { q, page: 1 }, ctx);
    if (found.cases.length) throw new Error(`LEAK: the member's search for "${q}" found ${found.cases.length} case(s)`);
  }
  const shared = b.made.find((m) => !fromMember.has(m.marker));
  if (shared) {
    const found = await searchCases(b.member, { q: shared.marker, page: 1 }, ctx);
    expect(found.cases.map((c) => c.reference)).toEqual([b.kase.reference]);
  }

  // The member's Activity tab holds no row about an item hidden from them.
  const hiddenIds = b.made
    .filter((m) => fromMember.has(m.marker))
    .flatMap((m) => [m.eventId, m.evidenceId, m.letterId].filter(Boolean) as string[]);
  const rows = await db.auditLog.findMany({
    where: activityFor(b.member, b.kase.id),
    select: { entityId: true, action: true },
  });
  const leakedRow = rows.find((r) => hiddenIds.includes(r.entityId));
  if (leakedRow) throw new Error(`LEAK: activity row ${leakedRow.action} about a hidden item`);

  // A deadline is met, for the member, only by an entry they can see.
  const page = await getCaseForViewer(b.member, b.kase.reference, ctx);
  for (const d of page.deadlines) {
    const row = await db.deadline.findUniqueOrThrow({ where: { id: d.id }, select: { sharedMetOn: true } });
    expect(d.metOn?.getTime() ?? null).toBe(row.sharedMetOn?.getTime() ?? null);
  }

  // Every PDF still standing for an outside body: nothing withheld from it, unless put in on purpose
  // (never caseworker-only material), no provenance note not chosen, no draft or internal review text.
  const standing = await db.bundle.findMany({
    where: { caseId: b.kase.id, audience: 'OUTSIDE', supersededAt: null, status: 'READY' },
    select: { id: true, plan: true, items: { select: { eventId: true, evidenceId: true, onPurpose: true } } },
  });
  stats.withdrawn += await db.bundle.count({ where: { caseId: b.kase.id, supersededAt: { not: null } } });
  for (const bundle of standing) {
    const onPurpose = new Set(bundle.items.filter((i) => i.onPurpose).flatMap((i) => [i.eventId, i.evidenceId]));
    const chosenNotes = new Set(
      (bundle.plan as unknown as Partial<BundlePlan>).sections?.flatMap((s) =>
        s.items.filter((i) => i.provenanceIncluded).map((i) => i.id),
      ) ?? [],
    );
    const hidden = [
      b.reviewMarkers.internal,
      b.reviewMarkers.draft,
      ...(b.published ? [] : [b.reviewMarkers.note, b.reviewMarkers.recommendation]),
    ];
    for (const [marker, where] of fromOutside) {
      if (where.cwOnly || !(onPurpose.has(where.eventId ?? null) || onPurpose.has(where.evidenceId ?? null)))
        hidden.push(marker);
    }
    for (const m of b.made) if (m.provenanceMarker && !chosenNotes.has(m.evidenceId!)) hidden.push(m.provenanceMarker);
    const file = await openBundle(b.caseworker, bundle.id, ctx);
    assertNoMarkers(`the outside bundle ${bundle.id}`, await pdfText(await readAll(file.stream)), hidden);
    stats.pdfs += 1;
  }
}

afterAll(() => {
  process.stdout.write(
    `\nAudience invariant: ${stats.cases} generated cases, ${stats.outputs} outputs checked (${stats.pdfs} PDFs and DOCX files, ${stats.bundles} bundles built, ${stats.withdrawn} withdrawn after a change), ${stats.hiddenMarkers} hidden markers looked for, ${stats.leaks} leaks.\n`,
  );
});

test(
  `no output shows its reader anything hidden from them (${RUNS} generated cases)`,
  async () => {
    await fc.assert(fc.asyncProperty(caseArb, checkCase), {
      numRuns: RUNS,
      endOnFailure: true,
      seed: SEED,
      verbose: 1,
    });
    expect(stats.leaks).toBe(0);
    expect(stats.cases).toBe(RUNS);
  },
  60 * 60_000,
);

test('the suite finds a leak when one is planted', async () => {
  // The check itself must be able to fail: a marker hidden from the member, planted in the member's view.
  const b = await buildCase({
    items: [
      {
        kind: 'event',
        type: 'NOTE',
        day: 3,
        privacy: { caseworkersOnly: true, privileged: false, withoutPrejudice: false },
        by: 'caseworker',
      },
    ],
    review: null,
    bundles: [],
    reviewPdf: false,
    changes: [],
  });
  const { fromMember } = await hiddenMarkers(b);
  const marker = b.made[0]!.marker;
  expect(fromMember.has(marker)).toBe(true);
  await db.timelineEvent.update({ where: { id: b.made[0]!.eventId }, data: { visibility: 'SHARED' } }); // as a bug would
  const outputs = await memberOutputs(b);
  const before = stats.leaks;
  expect(() => outputs.forEach((o) => assertNoMarkers(o.name, o.text, fromMember))).toThrow(/LEAK/);
  stats.leaks = before; // planted on purpose: not counted in the figures
});
