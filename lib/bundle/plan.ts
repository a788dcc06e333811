import { z } from 'zod';
import { db, type Tx } from '../db/client';
import { caseScope, isStaff, visibleItems, type Actor } from '../auth/policy';
import { NotFoundError, InvalidError } from '../errors';
import { formatPartialDate } from '../dates/partial-date';
import { readDecrypted } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';
import { inspectPdf } from './pdf-writer';
import type { BundlePurpose } from '../db/generated/enums';

// The bundle's plan: which sections and items, in which order, and what is left out and why.
// The pre-flight shows it before anything is generated; the person may reorder it and include
// excluded items on purpose. The server always rebuilds the plan from the case and only takes the
// person's order and "include anyway" choices from the browser (applyChoices), never its content.

export * from './plan-types';
import { CHRONOLOGY_PRIVATE_REF, SECTION_TITLES, type BundlePlan, type Exclusion, type PlanItem, type PlanSection, type RenderAs, type SectionId } from './plan-types';

const DEFAULT_ORDER: SectionId[] = ['chronology', 'statement', 'correspondence', 'exhibits'];

function renderAsFor(mime: string): RenderAs {
  if (mime === 'application/pdf') return 'pdf';
  if (mime.startsWith('image/')) return 'image';
  if (mime === 'text/plain') return 'text';
  if (mime === 'message/rfc822') return 'email';
  return 'unsupported';
}

// A stored file never changes under its key, so whether it opens is worked out once per process:
// opening the pre-flight again, or starting the build (which re-plans), does not parse every PDF again.
const INSPECTED = new Map<string, string | null>();
const MAX_INSPECTED = 5000;

/** Whether a stored PDF opens: decrypted and parsed (pre-flight only; the build checks again as it goes). */
async function pdfProblem(storageKey: string, wrappedKey: string): Promise<string | null> {
  const known = INSPECTED.get(storageKey);
  if (known !== undefined) return known;
  let problem: string | null;
  try {
    const bytes = await readDecrypted(getBlobStore(), storageKey, wrappedKey);
    const r = await inspectPdf(bytes);
    problem = r.ok ? null : r.reason;
  } catch {
    return 'missing or altered in storage'; // not remembered: storage may be back next time
  }
  if (INSPECTED.size >= MAX_INSPECTED) INSPECTED.delete(INSPECTED.keys().next().value!);
  INSPECTED.set(storageKey, problem);
  return problem;
}

/** Loads what a bundle of this case may contain, for this actor (members never see caseworker-only items). */
async function loadCase(tx: Tx, actor: Actor, caseId: string) {
  const kase = await tx.case.findFirst({
    where: { AND: [{ id: caseId }, caseScope(actor)] },
    select: {
      id: true, reference: true, summary: true,
      person: { select: { fullName: true, branch: { select: { name: true } } } },
      evidence: {
        where: { deletedAt: null, purgedAt: null, ...visibleItems(actor) },
        orderBy: [{ occurredOn: 'asc' }, { exhibitNumber: 'asc' }],
        select: {
          id: true, exhibitNumber: true, title: true, occurredOn: true, datePrecision: true, source: true, kind: true, visibility: true,
          privileged: true, originalName: true, mimeType: true, sizeBytes: true, sha256: true, storageKey: true, wrappedKey: true,
        },
      },
      letters: {
        where: { event: { deletedAt: null, ...visibleItems(actor) } },
        orderBy: [{ sentOn: 'asc' }, { createdAt: 'asc' }],
        select: { id: true, title: true, recipient: true, sentOn: true, pdfSha256: true, pdfSizeBytes: true },
      },
      _count: { select: { events: { where: { deletedAt: null, ...visibleItems(actor), visibility: isStaff(actor) ? 'CASEWORKERS' : 'SHARED' } } } },
    },
  });
  if (!kase) throw new NotFoundError();
  return kase;
}

/** The default plan: every section in the usual order, with exclusions worked out. */
export async function preflight(actor: Actor, caseId: string, purpose: BundlePurpose): Promise<BundlePlan> {
  const kase = await db.$transaction((tx) => loadCase(tx, actor, caseId));
  const exhibits: PlanItem[] = [];
  for (const e of kase.evidence) {
    const renderAs = renderAsFor(e.mimeType);
    const exclusions: Exclusion[] = [];
    const notes: string[] = [];
    if (e.visibility === 'CASEWORKERS') exclusions.push('caseworkers-only');
    if (e.privileged) exclusions.push('privileged');
    if (renderAs === 'unsupported') exclusions.push('unsupported');
    if (renderAs === 'pdf') {
      const problem = await pdfProblem(e.storageKey, e.wrappedKey);
      if (problem) {
        exclusions.push('unreadable');
        notes.push(`Cannot be opened: ${problem}`);
      }
    }
    if (!e.occurredOn) exclusions.push('no-date');
    const approximate = Boolean(e.occurredOn && e.datePrecision && e.datePrecision !== 'DAY');
    if (approximate) notes.push('The date is approximate');
    exhibits.push({
      ref: `evidence:${e.id}`, kind: 'evidence', id: e.id, label: `E${e.exhibitNumber}`, title: e.title,
      date: e.occurredOn ? formatPartialDate(e.occurredOn, e.datePrecision ?? 'DAY') : null, approximate, renderAs, exclusions,
      includedOnPurpose: false, staffOnly: e.visibility === 'CASEWORKERS', notes, sha256: e.sha256, sizeBytes: e.sizeBytes,
      source: e.source, kindLabel: e.kind, originalName: e.originalName,
    });
  }
  const letters: PlanItem[] = kase.letters.map((l, i) => ({
    ref: `letter:${l.id}`, kind: 'letter', id: l.id, label: `L${i + 1}`, title: `${l.title} to ${l.recipient}`,
    date: formatPartialDate(l.sentOn, 'DAY'), approximate: false, renderAs: 'pdf', exclusions: [], includedOnPurpose: false, staffOnly: false,
    notes: [], sha256: l.pdfSha256, sizeBytes: l.pdfSizeBytes, source: null, kindLabel: 'LETTER', originalName: null,
  }));
  // The chronology is built from the shared timeline; caseworker-only entries are one item that
  // staff may include on purpose (members never see them, so it is not offered to them).
  const privateEntries = isStaff(actor) ? kase._count.events : 0;
  const chronologyItems: PlanItem[] = privateEntries === 0 ? [] : [{
    ref: CHRONOLOGY_PRIVATE_REF, kind: 'evidence', id: 'caseworkers-only-entries', label: 'T', title: `${privateEntries} caseworker-only timeline ${privateEntries === 1 ? 'entry' : 'entries'}`,
    date: null, approximate: false, renderAs: 'text', exclusions: ['caseworkers-only'], includedOnPurpose: false, staffOnly: true,
    notes: [], sha256: null, sizeBytes: null, source: null, kindLabel: 'TIMELINE', originalName: null,
  }];
  const sections: PlanSection[] = [
    { id: 'chronology', title: SECTION_TITLES.chronology, items: chronologyItems },
    { id: 'statement', title: SECTION_TITLES.statement, items: [] },
    { id: 'correspondence', title: SECTION_TITLES.correspondence, items: letters },
    { id: 'exhibits', title: SECTION_TITLES.exhibits, items: exhibits },
  ];
  return { purpose, sections: sections.filter((s) => s.id !== 'statement' || kase.summary) };
}

export const choicesSchema = z.object({
  sectionOrder: z.array(z.enum(['chronology', 'statement', 'correspondence', 'exhibits'])).max(4),
  itemOrder: z.record(z.string().max(20), z.array(z.string().max(60)).max(2000)),
  includeOnPurpose: z.array(z.string().max(60)).max(2000),
}).strict();
export type PlanChoices = z.infer<typeof choicesSchema>;

/**
 * The person's order and "include anyway" choices applied to a freshly computed plan. Every
 * reference must exist in the plan (a stale page after someone else removed an item is refused
 * with a message, not silently dropped); items missing from an order keep their default place.
 */
export function applyChoices(plan: BundlePlan, choices: PlanChoices, actor: Actor): BundlePlan {
  const all = new Map(plan.sections.flatMap((s) => s.items.map((i) => [i.ref, i] as const)));
  const unknown = [...choices.includeOnPurpose, ...Object.values(choices.itemOrder).flat()].filter((r) => !all.has(r));
  if (unknown.length) throw new InvalidError('The case changed since the pre-flight was shown (an item was added or removed). Please check the list again.');
  for (const ref of choices.includeOnPurpose) {
    const item = all.get(ref)!;
    // Caseworker-only material can only be put in by staff (members never see it in the first place).
    if (item.staffOnly && !isStaff(actor)) throw new NotFoundError();
    item.includedOnPurpose = item.exclusions.length > 0;
  }
  const known = new Set(plan.sections.map((s) => s.id));
  const order = [...new Set([...choices.sectionOrder.filter((id) => known.has(id)), ...DEFAULT_ORDER.filter((id) => known.has(id))])];
  const sections = order.map((id) => {
    const section = plan.sections.find((s) => s.id === id)!;
    const wanted = choices.itemOrder[id] ?? [];
    const inSection = new Set(section.items.map((i) => i.ref));
    const moved = wanted.filter((r) => {
      if (!inSection.has(r)) throw new InvalidError('An item was moved to a section it does not belong to.');
      return true;
    });
    const rest = section.items.filter((i) => !moved.includes(i.ref));
    return { ...section, items: [...moved.map((r) => all.get(r)!), ...rest] };
  });
  return { ...plan, sections };
}

