import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from '@cantoo/pdf-lib';
import { db } from '@/lib/db/client';
import { getBlobStore } from '@/lib/evidence/storage';
import { startBundleAction } from '@/lib/bundle/actions';
import { bundlePreflight, getBundleStatus, listBundles, openBundle } from '@/lib/bundle/bundle-services';
import { bundleQueueIdle } from '@/lib/bundle/queue';
import { addEventAction } from '@/lib/timeline/actions';
import { actAs, ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { checkPdf, encryptPdf, fileEvidence, makeImage, makePdf, pageTexts } from './bundle-fixtures';

// Bundles built end to end on a real database and store, checked with qpdf, pdfinfo and pdftotext,
// and their links and bookmarks read back with pdf-lib.

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function build(
  who: TestUser,
  caseId: string,
  includeOnPurpose: string[] = [],
  opts: { audience?: 'OUTSIDE' | 'MEMBER' | 'STAFF'; waiverAcknowledged?: boolean } = {},
) {
  actAs(who);
  const res = await startBundleAction({
    caseId,
    purpose: 'APPEAL',
    audience: opts.audience ?? 'OUTSIDE',
    choices: {
      sectionOrder: [],
      itemOrder: {},
      includeOnPurpose,
      waiverAcknowledged: opts.waiverAcknowledged ?? false,
    },
  });
  if (!res.ok) throw new Error(res.error);
  await bundleQueueIdle();
  const status = await getBundleStatus(who, res.data.id);
  if (status.status !== 'READY') throw new Error(`bundle ${status.status}: ${status.error}`);
  const file = await openBundle(who, res.data.id, ctx);
  return {
    id: res.data.id,
    version: res.data.version,
    bytes: await readAll(file.stream),
    pageCount: status.pageCount!,
  };
}

/** Link targets (0-based page indexes) on each page, and the outline's targets, read with pdf-lib. */
async function linksAndOutline(bytes: Buffer) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const refs = doc.getPages().map((p) => p.ref.toString());
  const targetOf = (dest: unknown) =>
    dest instanceof PDFArray && dest.get(0) instanceof PDFRef ? refs.indexOf(dest.get(0).toString()) : -1;
  const links: { page: number; target: number }[] = [];
  doc.getPages().forEach((p, i) => {
    const annots = p.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let k = 0; k < (annots?.size() ?? 0); k++) {
      const a = annots!.lookup(k, PDFDict);
      if (a.get(PDFName.of('Subtype'))?.toString() === '/Link')
        links.push({ page: i, target: targetOf(a.lookup(PDFName.of('Dest'))) });
    }
  });
  const outline: { title: string; target: number }[] = [];
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const walk = (item: PDFDict | undefined) => {
    for (let it = item; it; it = it.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      outline.push({
        title: (it.lookup(PDFName.of('Title')) as PDFString | PDFHexString).decodeText(),
        target: targetOf(it.lookup(PDFName.of('Dest'))),
      });
      walk(it.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict));
  return { links, outline, title: doc.getTitle() };
}

let caseworker: TestUser;
let member: TestUser;
let caseId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  member = c.member!;
  caseId = c.kase.id;
  await db.case.update({
    where: { id: caseId },
    data: { summary: 'I was suspended without being told why.\n\nI have been a member for 30 years.' },
  });
  actAs(caseworker);
  await addEventAction({
    caseId,
    type: 'NOTICE_OF_SUSPENSION',
    date: { precision: 'DAY', year: 2024, month: 3, day: 1 },
    title: 'Notice of administrative suspension',
  });
  await addEventAction({
    caseId,
    type: 'MEETING_OR_CONTACT',
    date: { precision: 'APPROXIMATE', year: 2017 },
    title: 'Branch meeting about the motion',
  });
  await addEventAction({
    caseId,
    type: 'NOTE',
    date: { precision: 'DAY', year: 2024, month: 3, day: 2 },
    title: 'Private: possible witness',
    caseworkersOnly: true,
  });
  ids.letter = (
    await fileEvidence(caseId, member.id, await makePdf('Suspension letter', 3), {
      title: 'Suspension letter',
      mimeType: 'application/pdf',
      name: 'letter.pdf',
      kind: 'LETTER',
    })
  ).id;
  ids.photo = (
    await fileEvidence(caseId, member.id, await makeImage(1600, 900, 'jpeg'), {
      title: 'Photo of the notice board',
      mimeType: 'image/jpeg',
      name: 'board.jpg',
      precision: 'MONTH',
    })
  ).id;
  ids.screenshot = (
    await fileEvidence(caseId, member.id, await makeImage(400, 1200, 'png'), {
      title: 'Screenshot of the post',
      mimeType: 'image/png',
      name: 'post.png',
    })
  ).id;
  ids.text = (
    await fileEvidence(caseId, member.id, Buffer.from('Solidarity with the strikers — Łukasz Żółć\nSecond line'), {
      title: 'Text of the post',
      mimeType: 'text/plain',
      name: 'post.txt',
    })
  ).id;
  ids.email = (
    await fileEvidence(
      caseId,
      member.id,
      Buffer.from(
        'From: GLU <glu@party.example>\r\nTo: me@example.org\r\nSubject: Your membership\r\nDate: Mon, 4 Mar 2024 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYou are suspended pending investigation.\r\n',
      ),
      { title: 'Email from the GLU', mimeType: 'message/rfc822', name: 'glu.eml', kind: 'EMAIL' },
    )
  ).id;
  ids.broken = (
    await fileEvidence(caseId, member.id, Buffer.from('%PDF-1.7\n1 0 obj <<>>\nthis is not a pdf at all'), {
      title: 'Damaged scan',
      mimeType: 'application/pdf',
      name: 'broken.pdf',
    })
  ).id;
  ids.encrypted = (
    await fileEvidence(caseId, member.id, encryptPdf(await makePdf('Locked', 2)), {
      title: 'Password-protected minutes',
      mimeType: 'application/pdf',
      name: 'minutes.pdf',
    })
  ).id;
  ids.privileged = (
    await fileEvidence(caseId, member.id, await makePdf('Advice', 1), {
      title: 'Advice from a lawyer',
      mimeType: 'application/pdf',
      name: 'advice.pdf',
      privileged: true,
    })
  ).id;
  ids.private = (
    await fileEvidence(caseId, caseworker.id, await makePdf('Private note', 1), {
      title: 'Caseworker research',
      mimeType: 'application/pdf',
      name: 'research.pdf',
      visibility: 'CASEWORKERS',
    })
  ).id;
  ids.undated = (
    await fileEvidence(caseId, member.id, await makePdf('Undated', 1), {
      title: 'Undated leaflet',
      mimeType: 'application/pdf',
      name: 'leaflet.pdf',
      occurredOn: null,
    })
  ).id;
  ids.docx = (
    await fileEvidence(caseId, member.id, Buffer.from('PK\u0003\u0004 not really'), {
      title: 'Word statement',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      name: 'statement.docx',
    })
  ).id;
});

test('pre-flight lists what will be left out and why, and flags approximate dates', async () => {
  const { plan } = await bundlePreflight(
    caseworker,
    (await db.case.findUniqueOrThrow({ where: { id: caseId } })).reference,
    'APPEAL',
    'OUTSIDE',
    ctx,
  );
  const items = new Map(plan.sections.flatMap((s) => s.items).map((i) => [i.id, i]));
  expect(items.get(ids.letter!)!.exclusions).toEqual([]);
  expect(items.get(ids.broken!)!.exclusions).toEqual(['unreadable']);
  expect(items.get(ids.encrypted!)!.exclusions).toEqual(['unreadable']);
  expect(items.get(ids.encrypted!)!.notes.join(' ')).toMatch(/encrypted/);
  expect(items.get(ids.privileged!)!.exclusions).toEqual(['privileged']);
  expect(items.get(ids.private!)!.exclusions).toEqual(['caseworkers-only']);
  // Caseworker-only material is never offered for a bundle going outside, even on purpose.
  expect(items.get(ids.private!)!.canIncludeOnPurpose).toBe(false);
  expect(items.get(ids.privileged!)!.canIncludeOnPurpose).toBe(true);
  expect(plan.sections.find((s) => s.id === 'chronology')!.hiddenEntries).toBe(1);
  expect(items.get(ids.undated!)!.exclusions).toEqual(['no-date']);
  expect(items.get(ids.docx!)!.exclusions).toEqual(['unsupported']);
  expect(items.get(ids.photo!)!.approximate).toBe(true);
  expect(plan.sections.map((s) => s.id)).toEqual(['chronology', 'statement', 'correspondence', 'exhibits']);
  // The member's pre-flight does not even mention caseworker-only material.
  const mine = await bundlePreflight(
    member,
    (await db.case.findUniqueOrThrow({ where: { id: caseId } })).reference,
    'APPEAL',
    'OUTSIDE',
    ctx,
  );
  const refs = mine.plan.sections.flatMap((s) => s.items.map((i) => i.id));
  expect(refs).not.toContain(ids.private);
  expect(mine.plan.sections.find((s) => s.id === 'chronology')!.hiddenEntries).toBe(0);
  // A member cannot ask for a staff-only bundle.
  await expect(
    bundlePreflight(
      member,
      (await db.case.findUniqueOrThrow({ where: { id: caseId } })).reference,
      'APPEAL',
      'STAFF',
      ctx,
    ),
  ).rejects.toThrow();
});

test('privileged material goes to an outside body only on purpose, after the warning, and is marked on its divider', async () => {
  actAs(caseworker);
  const refused = await startBundleAction({
    caseId,
    purpose: 'APPEAL',
    audience: 'OUTSIDE',
    choices: { sectionOrder: [], itemOrder: {}, includeOnPurpose: [`evidence:${ids.privileged}`] },
  });
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.fieldErrors?.waiverAcknowledged).toMatch(/waive privilege/);
  const { bytes, pageCount } = await build(caseworker, caseId, [`evidence:${ids.privileged}`], {
    waiverAcknowledged: true,
  });
  const texts = pageTexts(bytes, pageCount);
  const divider = texts.find((t) => t.includes('Advice from a lawyer') && /Exhibit E\d+/.test(t))!;
  expect(divider.replace(/\s+/g, ' ')).toMatch(/Privileged\. Put in this bundle on purpose/);
});

test('the bundle: valid PDF, continuous page numbers on every page, index links and bookmarks to the right pages, fingerprints', async () => {
  const { bytes, pageCount } = await build(
    caseworker,
    caseId,
    [`evidence:${ids.encrypted}`, `evidence:${ids.privileged}`],
    { waiverAcknowledged: true },
  );
  expect(checkPdf(bytes)).toBe(pageCount);
  const texts = pageTexts(bytes, pageCount);
  texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1}`));
  const all = texts.join('\n');
  // Merged evidence keeps its own text; images, text and email are placed; left-out items are absent.
  expect(all).toContain('Suspension letter source page 3 of 3');
  expect(all).toContain('Łukasz Żółć');
  expect(all).toContain('You are suspended pending investigation.');
  expect(all).toMatch(/could not be reproduced/i);
  expect(all).toContain('Advice source page 1 of 1'); // privileged, included on purpose
  expect(all).not.toContain('Private note source page');
  expect(all).not.toContain('Undated source page');
  expect(all).not.toContain('Private: possible witness');
  // The manifest names only what its readers may know exists: not the caseworker-only exhibit, nor its fingerprint.
  const research = await db.evidence.findUniqueOrThrow({ where: { id: ids.private } });
  expect(all).not.toContain('Caseworker research');
  expect(all.replace(/\s+/g, '')).not.toContain(research.sha256);
  expect(all).toContain('Undated leaflet'); // left out for want of a date: listed as not included
  expect(all).toContain('c. 2017');
  const letter = await db.evidence.findUniqueOrThrow({ where: { id: ids.letter } });
  expect(all.replace(/\s+/g, '')).toContain(letter.sha256);

  const { links, outline, title } = await linksAndOutline(bytes);
  expect(title).toMatch(/bundle/i);
  expect(links.length).toBeGreaterThan(8);
  for (const l of links) {
    expect(l.page).toBeLessThan(4); // the index sits after the cover
    expect(l.target).toBeGreaterThanOrEqual(0);
  }
  // Each exhibit's link and bookmark land on its divider, which names it.
  const letterLabel = `E${letter.exhibitNumber}`;
  const bookmark = outline.find((o) => o.title.includes(letterLabel) && o.title.includes('Suspension letter'))!;
  expect(bookmark).toBeDefined();
  expect(texts[bookmark.target]).toContain(letterLabel);
  expect(texts[bookmark.target]).toContain('Suspension letter');
  expect(links.some((l) => l.target === bookmark.target)).toBe(true);
  // The index claims a page (range) per row, in order; each row's link goes to the first page it
  // claims; the last row (the manifest) ends on the document's last page.
  const indexPages = [...new Set(links.map((l) => l.page))];
  const claimed = indexPages.flatMap((p) =>
    texts[p]!.split('\n')
      .map((line) => /(\d+)(?:–(\d+))?\s*$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null && !/Page \d+$/.test(m.input) && !/RS-\d{4}-\d+$/.test(m.input)),
  );
  expect(claimed.map((m) => Number(m[1]))).toEqual(links.map((l) => l.target + 1));
  const last = claimed[claimed.length - 1]!;
  expect(Number(last[2] ?? last[1])).toBe(pageCount);
  // Bookmarks mirror the index: the same first pages, in the same order.
  expect(outline.map((o) => o.target + 1).filter((p) => p > 1)).toEqual(
    expect.arrayContaining(links.map((l) => l.target + 1)),
  );
});

test('a member builds their own bundle: no caseworker-only material; a staff-only bundle is never shown to the member', async () => {
  const mine = await build(member, caseId);
  const text = pageTexts(mine.bytes, mine.pageCount).join('\n');
  expect(text).not.toContain('Private note source page');
  await expect(build(member, caseId, [`evidence:${ids.private}`])).rejects.toThrow();
  await expect(build(member, caseId, [], { audience: 'STAFF' })).rejects.toThrow();
  // Caseworker-only material goes only into a bundle for caseworkers, and there by default.
  await expect(build(caseworker, caseId, [`evidence:${ids.private}`])).rejects.toThrow(/cannot go in a bundle/);
  const staffOnly = await build(caseworker, caseId, [], { audience: 'STAFF' });
  expect(pageTexts(staffOnly.bytes, staffOnly.pageCount).join('\n')).toContain('Private note source page');
  expect(pageTexts(staffOnly.bytes, staffOnly.pageCount).join('\n')).toContain('Private: possible witness');
  expect((await listBundles(member, caseId)).map((b) => b.id)).not.toContain(staffOnly.id);
  await expect(openBundle(member, staffOnly.id, ctx)).rejects.toThrow();
  expect((await listBundles(caseworker, caseId)).map((b) => b.id)).toContain(staffOnly.id);
});

test('rebuilding makes a new version and keeps the old one; others get not-found', async () => {
  const first = await build(caseworker, caseId);
  const second = await build(caseworker, caseId);
  expect(second.version).toBe(first.version + 1);
  // The old version still downloads whole (read to the end, which also closes its file).
  expect(checkPdf(await readAll((await openBundle(caseworker, first.id, ctx)).stream))).toBe(first.pageCount);
  const stranger = await makeUser('CASEWORKER');
  await expect(getBundleStatus(stranger, first.id)).rejects.toThrow();
  await expect(openBundle(stranger, first.id, ctx)).rejects.toThrow();
  expect(
    await db.auditLog.count({
      where: { entityId: first.id, action: { in: ['bundle.create', 'bundle.built', 'bundle.download'] } },
    }),
  ).toBeGreaterThanOrEqual(3);
});

test('a case with no evidence at all still makes a valid bundle', async () => {
  const empty = await makeCase({ caseworker });
  const b = await build(caseworker, empty.kase.id);
  expect(checkPdf(b.bytes)).toBe(b.pageCount);
  pageTexts(b.bytes, b.pageCount).forEach((t, i) => expect(t).toContain(`Page ${i + 1}`));
});

test('a case with 60 exhibits: multi-page PDFs, images of several sizes and text', async () => {
  const big = await makeCase({ caseworker });
  for (let i = 0; i < 60; i++) {
    if (i % 3 === 0)
      await fileEvidence(big.kase.id, caseworker.id, await makePdf(`Doc ${i}`, 1 + (i % 5)), {
        title: `Document ${i}`,
        mimeType: 'application/pdf',
        name: `d${i}.pdf`,
      });
    else if (i % 3 === 1)
      await fileEvidence(
        big.kase.id,
        caseworker.id,
        await makeImage(200 + i * 20, 300 + (i % 7) * 150, i % 2 ? 'jpeg' : 'png'),
        { title: `Image ${i}`, mimeType: i % 2 ? 'image/jpeg' : 'image/png', name: `i${i}` },
      );
    else
      await fileEvidence(big.kase.id, caseworker.id, Buffer.from(`Text exhibit ${i}\n`.repeat(40)), {
        title: `Text ${i}`,
        mimeType: 'text/plain',
        name: `t${i}.txt`,
      });
  }
  const b = await build(caseworker, big.kase.id);
  expect(checkPdf(b.bytes)).toBe(b.pageCount);
  const texts = pageTexts(b.bytes, b.pageCount);
  texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1}`));
  expect(texts.join('\n')).toContain('Doc 57 source page 1 of 3');
  const { outline } = await linksAndOutline(b.bytes);
  expect(outline.filter((o) => /^E\d+ /.test(o.title))).toHaveLength(60);
}, 180_000);

test('an exhibit whose stored file has gone is marked so, and the exhibits either side of it still come through in order', async () => {
  // Exhibits are read one ahead of the one being copied: a failed read must not shift or lose its neighbours.
  const c = await makeCase({ caseworker });
  const day = (d: number) => new Date(Date.UTC(2024, 4, d));
  await fileEvidence(c.kase.id, caseworker.id, await makePdf('First paper', 2), {
    title: 'First paper',
    mimeType: 'application/pdf',
    name: 'a.pdf',
    occurredOn: day(1),
  });
  const gone = await fileEvidence(c.kase.id, caseworker.id, Buffer.from('A note that will go missing'), {
    title: 'Vanished note',
    mimeType: 'text/plain',
    name: 'b.txt',
    occurredOn: day(2),
  });
  await fileEvidence(c.kase.id, caseworker.id, await makePdf('Third paper', 1), {
    title: 'Third paper',
    mimeType: 'application/pdf',
    name: 'c.pdf',
    occurredOn: day(3),
  });
  await getBlobStore().delete(gone.storageKey);

  const b = await build(caseworker, c.kase.id);
  expect(checkPdf(b.bytes)).toBe(b.pageCount);
  const texts = pageTexts(b.bytes, b.pageCount);
  texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1}`));
  const at = (needle: string) => texts.findIndex((t) => t.replace(/\s+/g, ' ').includes(needle));
  const missing = at('stored file is missing or has been altered');
  expect(at('First paper source page 2 of 2')).toBeGreaterThan(0);
  expect(missing).toBeGreaterThan(at('First paper source page 2 of 2'));
  expect(texts[missing]).toContain('Vanished note');
  expect(at('Third paper source page 1 of 1')).toBeGreaterThan(missing);
  expect(texts.join('\n')).not.toContain('A note that will go missing');
});
