import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { PassThrough } from 'node:stream';
import { readDecrypted } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';
import { throttledProgress, type BuildProgress } from './pdf-to-store';
import { createBundleWriter, UnreadablePdfError, type OutlineEntry } from './pdf-writer';
import {
  drawChronologySection,
  drawCover,
  drawExhibitDivider,
  drawSectionDivider,
  drawStatement,
  indexPageCount,
  renderEmailEvidence,
  renderExhibitDivider,
  drawIndex,
  drawManifest,
  renderImageEvidence,
  renderPageSet,
  renderTextEvidence,
  type ChronologyRow,
  type IndexLink,
  type IndexRow,
  type ManifestRow,
  type PageWriter,
} from './render-parts';
import { included, MARK_LABELS, PURPOSE_LABELS, type BundlePlan, type PlanItem } from './plan-types';
import type { BundlePurpose, Role } from '../db/generated/enums';

// Draws one case bundle from what the server process read for it (lib/bundle/build-bundle.ts), in the
// PDF worker process: no database here. Streaming: each exhibit is decrypted, added and let go before
// the next, and the PDF is encrypted into the blob store as it is written.

const range = (first: number, count: number) => (count <= 1 ? String(first) : `${first}–${first + count - 1}`);

export type StoredFile = { storageKey: string; wrappedKey: string };

/** Everything a bundle build needs from the database, read by the server process as one snapshot. */
export type BundleRenderInput = {
  purpose: BundlePurpose | null;
  plan: BundlePlan;
  createdBy: { name: string; role: Role };
  kase: {
    id: string;
    reference: string;
    summary: string | null;
    person: { fullName: string; branch: { name: string } | null };
  };
  /** The chronology's rows as this bundle's audience may read them. */
  chronology: ChronologyRow[];
  evidence: Record<string, StoredFile & { mimeType: string }>;
  letters: Record<string, StoredFile>;
  generatedOn: string;
};

export async function renderBundle(
  input: BundleRenderInput,
  sink: PassThrough,
  report: BuildProgress,
): Promise<{ pageCount: number }> {
  const { kase, plan } = input;
  // The chronology's entries are rows of the chronology, not items of their own.
  const sections = plan.sections.map((s) => ({ ...s, items: s.id === 'chronology' ? [] : s.items.filter(included) }));
  const totalItems = sections.reduce((n, s) => n + s.items.length, 0) + 3;
  // At most two progress reports a second, the first after half a second: a build quicker than that
  // goes from "building" to ready without them (each is a database write in the server process).
  const progress = throttledProgress(totalItems, report);

  const purpose = PURPOSE_LABELS[input.purpose ?? 'APPEAL'];
  const title = `${purpose} bundle — ${kase.reference}`;
  const writer = createBundleWriter(sink, {
    info: {
      title,
      author: input.createdBy.name,
      subject: `${purpose} bundle for ${kase.person.fullName}`,
      keywords: kase.reference,
    },
    stamp: (n) => `${kase.reference} · Page ${n}`,
  });

  // Every page Reinstate draws before the manifest (cover, chronology, statement, section and
  // exhibit dividers) is drawn as one document and parsed once; each part is placed where it goes.
  const exhibitItems = sections.flatMap((s) => s.items.filter((i) => i.kind === 'evidence'));
  const chronology = input.chronology;
  // A letter that carries a privilege mark gets a divider saying so, like an exhibit.
  const markedLetters = sections.flatMap((s) => s.items.filter((i) => i.kind === 'letter' && i.marks.length > 0));
  const parts: Array<(w: PageWriter) => void> = [];
  const partIndex = new Map<string, number>();
  const part = (key: string, draw: (w: PageWriter) => void) => {
    partIndex.set(key, parts.length);
    parts.push(draw);
  };
  part('cover', (w) =>
    drawCover(w, {
      title: `${purpose} bundle`,
      reference: kase.reference,
      memberName: kase.person.fullName,
      branch: kase.person.branch?.name ?? null,
      purpose,
      generatedOn: input.generatedOn,
      preparedBy: input.createdBy.name,
      preparedRole:
        input.createdBy.role === 'MEMBER'
          ? 'the member'
          : input.createdBy.role === 'CASEWORKER'
            ? 'caseworker'
            : 'coordinator',
    }),
  );
  for (const [si, section] of sections.entries()) {
    if (section.id === 'chronology')
      part(`section:${si}`, (w) => drawChronologySection(w, chronology, { title: section.title }));
    else if (section.id === 'statement')
      part(`section:${si}`, (w) => drawStatement(w, kase.summary ?? '', { memberName: kase.person.fullName }));
    else part(`section:${si}`, (w) => drawSectionDivider(w, { label: `Section ${si + 1}`, title: section.title }));
  }
  for (const item of [...exhibitItems, ...markedLetters])
    part(`divider:${item.ref}`, (w) => drawExhibitDivider(w, dividerInput(plan, item, plannedNote(item))));
  const drawn = await renderPageSet(parts, { title });
  const loaded = await writer.load(drawn.bytes);
  const place: Place = (key) => {
    const i = partIndex.get(key)!;
    const first = drawn.firstPages[i]!;
    const last = (drawn.firstPages[i + 1] ?? drawn.pages + 1) - 1;
    return writer.appendFrom(
      loaded,
      Array.from({ length: last - first + 1 }, (_, k) => first + k),
    );
  };

  await place('cover');
  progress(1, 'Cover');

  // One index row per section, per item and for the manifest; its pages are kept now and filled last.
  const rowCount = sections.length + sections.reduce((n, s) => n + s.items.length, 0) + 1;
  const slot = writer.reserve(indexPageCount(rowCount));
  const rows: IndexRow[] = [
    { level: 1, label: '', title: 'Index', pages: range(slot.first, slot.count), target: slot.first },
  ];
  const outline: OutlineEntry[] = [
    { title: 'Cover', page: 1 },
    { title: 'Index', page: slot.first },
  ];
  const manifest: ManifestRow[] = [];

  // Where each exhibit's bytes are, in one query rather than one per exhibit; each file is read and
  // decrypted a little ahead (READ_AHEAD: a few files, 16 MB at most), while earlier ones are copied.
  const stored = new Map(Object.entries(input.evidence));
  const read = readAhead(
    exhibitItems.filter((i) => !plannedNote(i)).map((i) => ({ key: i.id, bytes: i.sizeBytes ?? 0 })),
    async (id) => {
      const evidence = stored.get(id);
      if (!evidence) throw new Error('gone');
      return readDecrypted(getBlobStore(), evidence.storageKey, evidence.wrappedKey);
    },
    READ_AHEAD,
  );

  for (const [si, section] of sections.entries()) {
    const sectionLabel = `Section ${si + 1}`;
    const sectionRow: IndexRow = {
      level: 1,
      label: sectionLabel,
      title: section.title,
      pages: '',
      target: writer.pageCount + 1,
    };
    rows.push(sectionRow);
    const sectionOutline: OutlineEntry = {
      title: `${sectionLabel}. ${section.title}`,
      page: writer.pageCount + 1,
      children: [],
    };
    outline.push(sectionOutline);
    const first = writer.pageCount + 1;
    await place(`section:${si}`);
    if (section.id !== 'chronology' && section.id !== 'statement') {
      for (const item of section.items) {
        const itemFirst = writer.pageCount + 1;
        if (item.kind === 'letter') {
          if (item.marks.length > 0) await place(`divider:${item.ref}`);
          await addLetter(writer, input.letters[item.id]);
        } else await addExhibit(writer, plan, item, place, read, stored.get(item.id)?.mimeType ?? '');
        const count = writer.pageCount - itemFirst + 1;
        rows.push({
          level: 2,
          label: item.label,
          title: item.title,
          pages: range(itemFirst, count),
          target: itemFirst,
        });
        sectionOutline.children!.push({ title: `${item.label} ${item.title}`, page: itemFirst });
        if (item.kind === 'evidence') {
          manifest.push({
            label: item.label,
            title: item.title,
            sha256: item.sha256 ?? '',
            sizeBytes: item.sizeBytes ?? 0,
            pages: range(itemFirst, count),
            included: true,
            note: item.includedOnPurpose ? 'Included on purpose' : undefined,
          });
        }
        progress(1, `${item.label} ${item.title}`);
        await yieldToOthers();
      }
    }
    sectionRow.pages = range(first, writer.pageCount - first + 1);
    progress(section.items.length ? 0 : 1, section.title);
  }

  // Left-out exhibits are listed in the manifest too, so a panel sees what exists and why it is absent —
  // but only those its audience may know exist: never one withheld from it (caseworker-only,
  // privileged, without prejudice), whose title and fingerprint would tell them it is held.
  for (const s of plan.sections) {
    for (const i of s.items)
      if (i.kind === 'evidence' && !included(i) && !i.exclusions.some(isWithheld)) {
        manifest.push({
          label: i.label,
          title: i.title,
          sha256: i.sha256 ?? '',
          sizeBytes: i.sizeBytes ?? 0,
          pages: '—',
          included: false,
          note: 'Not included',
        });
      }
  }
  // The manifest and then the index, drawn as one document: the index's last row needs the
  // manifest's pages, known once it is drawn. The manifest goes at the end, the index in its slot.
  const manifestFirst = writer.pageCount + 1;
  let indexLinks: IndexLink[] = [];
  const closing = await renderPageSet(
    [
      (w) => drawManifest(w, manifest, { reference: kase.reference, generatedOn: input.generatedOn }),
      (w) => {
        const manifestPages = w.pages - 1;
        rows.push({
          level: 1,
          label: '',
          title: 'Manifest of exhibits (SHA-256 fingerprints)',
          pages: range(manifestFirst, manifestPages),
          target: manifestFirst,
        });
        indexLinks = drawIndex(w, rows, { title: `Index — ${kase.reference}` });
      },
    ],
    { title },
  );
  const closingPdf = await writer.load(closing.bytes);
  const pagesOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
  const indexFirst = closing.firstPages[1]!;
  await writer.appendFrom(closingPdf, pagesOf(1, indexFirst - 1));
  outline.push({ title: 'Manifest of exhibits', page: manifestFirst });
  await writer.fillFrom(slot, closingPdf, pagesOf(indexFirst, closing.pages), { links: indexLinks });
  return writer.finish({ outline });
}

async function addLetter(writer: ReturnType<typeof createBundleWriter>, letter: StoredFile | undefined) {
  if (!letter) throw new Error('A letter in the plan is no longer on the case');
  const bytes = await readDecrypted(getBlobStore(), letter.storageKey, letter.wrappedKey);
  await writer.append(bytes);
}

type Place = (key: string) => Promise<unknown>;

/** How far exhibits are read ahead of the one being copied. */
const READ_AHEAD = { files: 6, bytes: 16 * 2 ** 20 };

const cannot = (why: string) =>
  `This item could not be reproduced here: ${why}. Its fingerprint is given so the original can be checked against it.`;

/** What a divider must say before anything is read: known from the pre-flight. */
function plannedNote(item: PlanItem): string | undefined {
  if (item.renderAs === 'unsupported') return cannot('this kind of file cannot be placed in a PDF');
  if (item.exclusions.includes('unreadable'))
    return cannot('the file cannot be opened (it is damaged, encrypted or password-protected)');
  return undefined;
}

const WITHHELD = new Set<string>(['caseworkers-only', 'privileged', 'without-prejudice']);
const isWithheld = (x: string) => WITHHELD.has(x);

/**
 * What an item's divider says. Its provenance note only when a person chose it for this bundle; its
 * privilege marks always, with a warning when it went to an outside body on purpose.
 */
function dividerInput(plan: BundlePlan, item: PlanItem, note?: string) {
  const marks = item.marks.map((m) => MARK_LABELS[m]);
  const marking =
    marks.length === 0
      ? undefined
      : item.includedOnPurpose && plan.audience === 'OUTSIDE'
        ? `${marks.join(' and ')}. Put in this bundle on purpose by the person who made it, who was warned that disclosing it may waive privilege.`
        : `${marks.join(' and ')}.`;
  return {
    label: item.label,
    title: item.title,
    date: item.date,
    source: item.provenanceIncluded ? item.provenance : null,
    sha256: item.sha256 ?? '',
    kind: item.kindLabel,
    originalName: item.originalName ?? (item.kind === 'letter' ? 'Letter filed on the case' : ''),
    sizeBytes: item.sizeBytes ?? 0,
    note,
    marking,
  };
}

async function addExhibit(
  writer: ReturnType<typeof createBundleWriter>,
  plan: BundlePlan,
  item: PlanItem,
  place: Place,
  read: (id: string) => Promise<Buffer>,
  mimeType: string,
) {
  if (plannedNote(item)) {
    await place(`divider:${item.ref}`);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await read(item.id);
  } catch {
    await writer.append(
      (await renderExhibitDivider(dividerInput(plan, item, cannot('the stored file is missing or has been altered'))))
        .bytes,
    );
    return;
  }
  await place(`divider:${item.ref}`);
  try {
    if (item.renderAs === 'pdf') await writer.append(bytes);
    else if (item.renderAs === 'image')
      await writer.append((await renderImageEvidence({ title: item.title, bytes, mimeType })).bytes);
    else if (item.renderAs === 'email')
      await writer.append((await renderEmailEvidence({ title: item.title, raw: bytes })).bytes);
    else await writer.append((await renderTextEvidence({ title: item.title, text: bytes.toString('utf8') })).bytes);
  } catch (err) {
    const why = err instanceof UnreadablePdfError ? `the PDF is ${err.reason}` : 'the file could not be read';
    await writer.append(
      (await renderTextEvidence({ title: `${item.label} — not reproduced`, text: cannot(why) })).bytes,
    );
  }
}

/**
 * Reads keys in the order given, ahead of the one being taken, so that the disk and decryption work
 * while earlier exhibits are copied (a read needs several turns of the event loop, and the copying
 * gives few). At most `limit.files` files and, beyond the next one, `limit.bytes` bytes are read
 * ahead, so memory stays bounded whatever the number of exhibits. A key taken out of order is read
 * on the spot.
 */
export function readAhead(
  keys: { key: string; bytes: number }[],
  read: (key: string) => Promise<Buffer>,
  limit: { files: number; bytes: number },
): (key: string) => Promise<Buffer> {
  const position = new Map(keys.map((k, i) => [k.key, i]));
  const started = new Map<string, Promise<Buffer>>();
  let next = 0;
  return (key) => {
    const bytes = started.get(key) ?? read(key);
    started.delete(key);
    const at = position.get(key);
    if (at !== undefined) {
      for (const k of started.keys()) if (position.get(k)! < at) started.delete(k); // skipped: let go
      next = Math.max(next, at + 1);
      let ahead = keys.slice(at + 1, next).reduce((n, k) => n + k.bytes, 0);
      while (
        next < keys.length &&
        next <= at + limit.files &&
        (next === at + 1 || ahead + keys[next]!.bytes <= limit.bytes)
      ) {
        const k = keys[next++]!;
        ahead += k.bytes;
        const p = read(k.key);
        p.catch(() => undefined); // its error is handled when it is taken
        started.set(k.key, p);
      }
    }
    return bytes;
  };
}
