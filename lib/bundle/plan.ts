import { z } from 'zod';
import { db, type Tx } from '../db/client';
import { caseScope, type Actor } from '../auth/policy';
import {
  bundleAudiencesFor,
  canSeeProvenance,
  itemsForReader,
  mayIncludeOnPurpose,
  withheldFrom,
  type Privacy,
} from '../auth/audience';
import { EVENT_TYPE_LABELS } from '../cases/labels';
import { NotFoundError, InvalidError } from '../errors';
import { formatPartialDate } from '../dates/partial-date';
import { readDecrypted } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';
import type { BundleAudience, BundlePurpose } from '../db/generated/enums';

// The bundle's plan: which sections and items, in which order, and what is left out and why.
// The pre-flight shows it before anything is generated; the person may reorder it and include
// excluded items on purpose. The server always rebuilds the plan from the case and only takes the
// person's order and "include anyway" choices from the browser (applyChoices), never its content.

export * from './plan-types';
import {
  AUDIENCE_LABELS,
  SECTION_TITLES,
  included,
  markedOnPurpose,
  type BundlePlan,
  type Exclusion,
  type Mark,
  type PlanItem,
  type PlanSection,
  type RenderAs,
  type SectionId,
} from './plan-types';
import { EVENT_ORDER } from '../timeline/event-order';

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
  // The PDF parser is loaded by the first check, not by every page that lists bundles (lib/letters/render.ts).
  const { inspectPdf } = await import('./pdf-writer');
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

const PRIVACY = { visibility: true, privileged: true, withoutPrejudice: true } as const;

/** Loads what a bundle of this case may contain, as this actor sees it (members never see caseworker-only items). */
async function loadCase(tx: Tx, actor: Actor, caseId: string) {
  const kase = await tx.case.findFirst({
    where: { AND: [{ id: caseId }, caseScope(actor)] },
    select: {
      id: true,
      reference: true,
      summary: true,
      person: { select: { fullName: true, userId: true, branch: { select: { name: true } } } },
      evidence: {
        where: { deletedAt: null, purgedAt: null, ...itemsForReader(actor) },
        orderBy: [{ occurredOn: 'asc' }, { exhibitNumber: 'asc' }],
        select: {
          id: true,
          exhibitNumber: true,
          title: true,
          occurredOn: true,
          datePrecision: true,
          source: true,
          kind: true,
          ...PRIVACY,
          createdById: true,
          originalName: true,
          mimeType: true,
          sizeBytes: true,
          sha256: true,
          storageKey: true,
          wrappedKey: true,
        },
      },
      letters: {
        where: { event: { deletedAt: null, ...itemsForReader(actor) } },
        orderBy: [{ sentOn: 'asc' }, { createdAt: 'asc' }],
        select: {
          id: true,
          title: true,
          recipient: true,
          sentOn: true,
          pdfSha256: true,
          pdfSizeBytes: true,
          eventId: true,
          event: { select: PRIVACY },
        },
      },
      events: {
        where: { deletedAt: null, ...itemsForReader(actor) },
        orderBy: EVENT_ORDER,
        select: { id: true, type: true, title: true, occurredOn: true, datePrecision: true, ...PRIVACY },
      },
    },
  });
  if (!kase) throw new NotFoundError();
  return kase;
}

/** What the audience's rules say about an item: why it is left out, whether it may go in anyway, its marks. */
function privacyOf(audience: BundleAudience, item: Privacy) {
  const withheld = withheldFrom(audience, item);
  const marks: Mark[] = [
    ...(item.privileged ? ['privileged' as const] : []),
    ...(item.withoutPrejudice ? ['without-prejudice' as const] : []),
  ];
  return { withheld, canIncludeOnPurpose: withheld.length === 0 || mayIncludeOnPurpose(withheld), marks };
}

/** The default plan for an audience: every section in the usual order, with exclusions worked out. */
export async function preflight(
  actor: Actor,
  caseId: string,
  purpose: BundlePurpose,
  audience: BundleAudience = 'OUTSIDE',
): Promise<BundlePlan> {
  if (!bundleAudiencesFor(actor).includes(audience)) throw new NotFoundError();
  const kase = await db.$transaction((tx) => loadCase(tx, actor, caseId));
  const exhibits: PlanItem[] = [];
  for (const e of kase.evidence) {
    const renderAs = renderAsFor(e.mimeType);
    const { withheld, canIncludeOnPurpose, marks } = privacyOf(audience, e);
    const exclusions: Exclusion[] = [...withheld];
    const notes: string[] = [];
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
      ref: `evidence:${e.id}`,
      kind: 'evidence',
      id: e.id,
      eventId: null,
      label: `E${e.exhibitNumber}`,
      title: e.title,
      date: e.occurredOn ? formatPartialDate(e.occurredOn, e.datePrecision ?? 'DAY') : null,
      approximate,
      renderAs,
      exclusions,
      canIncludeOnPurpose,
      includedOnPurpose: false,
      marks,
      notes,
      sha256: e.sha256,
      sizeBytes: e.sizeBytes,
      provenance: e.source && canSeeProvenance(actor, e) ? e.source : null,
      provenanceIncluded: false,
      provenanceHiddenFromMember: e.createdById !== kase.person.userId,
      kindLabel: e.kind,
      originalName: e.originalName,
    });
  }
  const letters: PlanItem[] = kase.letters.map((l, i) => {
    const { withheld, canIncludeOnPurpose, marks } = privacyOf(audience, l.event);
    return {
      ref: `letter:${l.id}`,
      kind: 'letter',
      id: l.id,
      eventId: l.eventId,
      label: `L${i + 1}`,
      title: `${l.title} to ${l.recipient}`,
      date: formatPartialDate(l.sentOn, 'DAY'),
      approximate: false,
      renderAs: 'pdf',
      exclusions: withheld,
      canIncludeOnPurpose,
      includedOnPurpose: false,
      marks,
      notes: [],
      sha256: l.pdfSha256,
      sizeBytes: l.pdfSizeBytes,
      provenance: null,
      provenanceIncluded: false,
      provenanceHiddenFromMember: false,
      kindLabel: 'LETTER',
      originalName: null,
    };
  });
  // The chronology is made from the timeline entries the audience may see. Entries withheld from it
  // (privileged, without prejudice) are items a person may put in on purpose; caseworker-only entries
  // are only counted, for staff making a bundle for others (they never go in one).
  const eventIds: string[] = [];
  const entries: PlanItem[] = [];
  let hiddenEntries = 0;
  for (const e of kase.events) {
    const { withheld, canIncludeOnPurpose, marks } = privacyOf(audience, e);
    if (withheld.length === 0) eventIds.push(e.id);
    else if (!canIncludeOnPurpose) hiddenEntries += 1;
    else {
      entries.push({
        ref: `event:${e.id}`,
        kind: 'event',
        id: e.id,
        eventId: e.id,
        label: 'T',
        title: `${EVENT_TYPE_LABELS[e.type]}: ${e.title}`,
        date: formatPartialDate(e.occurredOn, e.datePrecision),
        approximate: e.datePrecision !== 'DAY',
        renderAs: 'text',
        exclusions: withheld,
        canIncludeOnPurpose,
        includedOnPurpose: false,
        marks,
        notes: [],
        sha256: null,
        sizeBytes: null,
        provenance: null,
        provenanceIncluded: false,
        provenanceHiddenFromMember: false,
        kindLabel: 'TIMELINE',
        originalName: null,
      });
    }
  }
  const sections: PlanSection[] = [
    { id: 'chronology', title: SECTION_TITLES.chronology, items: entries, eventIds, hiddenEntries },
    { id: 'statement', title: SECTION_TITLES.statement, items: [] },
    { id: 'correspondence', title: SECTION_TITLES.correspondence, items: letters },
    { id: 'exhibits', title: SECTION_TITLES.exhibits, items: exhibits },
  ];
  return { purpose, audience, sections: sections.filter((s) => s.id !== 'statement' || kase.summary) };
}

export const choicesSchema = z
  .object({
    sectionOrder: z.array(z.enum(['chronology', 'statement', 'correspondence', 'exhibits'])).max(4),
    itemOrder: z.record(z.string().max(20), z.array(z.string().max(60)).max(2000)),
    includeOnPurpose: z.array(z.string().max(60)).max(2000),
    /** Items whose provenance note ("where it came from") is printed on their divider. */
    includeProvenance: z.array(z.string().max(60)).max(2000).default([]),
    /** The person read that disclosing privileged or without-prejudice material may waive privilege. */
    waiverAcknowledged: z.boolean().default(false),
  })
  .strict();
export type PlanChoices = z.input<typeof choicesSchema>;

export const WAIVER_WARNING =
  'Disclosing privileged or “without prejudice” material to the party, a panel or a court may waive privilege: once they have read it, you may not be able to take it back.';

/**
 * The person's order and "include anyway" choices applied to a freshly computed plan. Every
 * reference must exist in the plan (a stale page after someone else removed an item is refused
 * with a message, not silently dropped); items missing from an order keep their default place.
 */
export function applyChoices(plan: BundlePlan, raw: PlanChoices): BundlePlan {
  const choices = choicesSchema.parse(raw);
  const all = new Map(plan.sections.flatMap((s) => s.items.map((i) => [i.ref, i] as const)));
  const unknown = [
    ...choices.includeOnPurpose,
    ...choices.includeProvenance,
    ...Object.values(choices.itemOrder).flat(),
  ].filter((r) => !all.has(r));
  if (unknown.length)
    throw new InvalidError(
      'The case changed since the pre-flight was shown (an item was added or removed). Please check the list again.',
    );
  for (const ref of choices.includeOnPurpose) {
    const item = all.get(ref)!;
    // Decided by the audience rules when the plan was made: caseworker-only material never goes to others.
    if (!item.canIncludeOnPurpose)
      throw new InvalidError(
        `${item.label} ${item.title} cannot go in a bundle for ${AUDIENCE_LABELS[plan.audience].toLowerCase()}.`,
      );
    item.includedOnPurpose = item.exclusions.length > 0;
  }
  for (const ref of choices.includeProvenance) {
    const item = all.get(ref)!;
    // Only a note the person can see can be chosen: the plan carries it only for them.
    if (!item.provenance) throw new InvalidError(`${item.label} has no note on where it came from.`);
    item.provenanceIncluded = true;
  }
  const waived = markedOnPurpose(plan);
  if (plan.audience === 'OUTSIDE' && waived.length > 0 && !choices.waiverAcknowledged) {
    throw new InvalidError('Please confirm that you understand the warning about privilege.', {
      waiverAcknowledged: WAIVER_WARNING,
    });
  }
  const known = new Set(plan.sections.map((s) => s.id));
  const order = [
    ...new Set([...choices.sectionOrder.filter((id) => known.has(id)), ...DEFAULT_ORDER.filter((id) => known.has(id))]),
  ];
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
  return { ...plan, sections, waiverAcknowledged: waived.length > 0 && choices.waiverAcknowledged };
}

/** What a bundle made from this plan contains, for withdrawal when an item changes later (BundleItem rows). */
export function planContents(
  plan: BundlePlan,
): { evidenceId?: string; eventId?: string; onPurpose: boolean; provenance?: boolean }[] {
  const out: { evidenceId?: string; eventId?: string; onPurpose: boolean; provenance?: boolean }[] = [];
  for (const s of plan.sections) {
    for (const id of s.eventIds ?? []) out.push({ eventId: id, onPurpose: false });
    for (const i of s.items) {
      if (!included(i)) continue;
      if (i.kind === 'evidence')
        out.push({ evidenceId: i.id, onPurpose: i.includedOnPurpose, provenance: i.provenanceIncluded });
      else out.push({ eventId: i.eventId!, onPurpose: i.includedOnPurpose });
    }
  }
  return out;
}
