import type { BundleAudience, BundlePurpose } from '../db/generated/enums';

// Plain data about bundle plans, with no Node or database imports, so client components can use it.

export const PURPOSE_LABELS: Record<BundlePurpose, string> = {
  APPEAL: 'Appeal',
  REINSTATEMENT_REVIEW: 'Reinstatement review',
  SAR_FOLLOW_UP: 'Subject access request follow-up',
};

export const AUDIENCE_LABELS: Record<BundleAudience, string> = {
  OUTSIDE: 'The party, a panel or a court',
  MEMBER: 'The member’s own copy',
  STAFF: 'Caseworkers only (a working copy)',
};

export const AUDIENCE_HINTS: Record<BundleAudience, string> = {
  OUTSIDE:
    'To send to the party’s disputes panel, a review panel or a court. Privileged and “without prejudice” material, caseworker-only items and notes on where evidence came from are left out unless you put them in on purpose.',
  MEMBER:
    'Everything shared with the member, including their privileged material (their own legal advice). Caseworker-only items are left out.',
  STAFF: 'Everything on the case, caseworker-only notes included. The member never sees it; do not send it outside.',
};

export type Exclusion =
  | 'caseworkers-only'
  | 'privileged'
  | 'without-prejudice'
  | 'unreadable'
  | 'unsupported'
  | 'no-date';
export const EXCLUSION_LABELS: Record<Exclusion, string> = {
  'caseworkers-only': 'Caseworkers only: the member has not seen it. To put it in, share it with the member first.',
  privileged: 'Marked privileged (for example legal advice)',
  'without-prejudice': 'Marked “without prejudice”',
  unreadable: 'The file cannot be opened (damaged, encrypted or password-protected)',
  unsupported: 'This kind of file cannot be placed in a PDF (for example a Word document)',
  'no-date': 'It has no date',
};

/** Marks printed on an item's divider when it is put in on purpose although so marked. */
export type Mark = 'privileged' | 'without-prejudice';
export const MARK_LABELS: Record<Mark, string> = { privileged: 'Privileged', 'without-prejudice': 'Without prejudice' };

export type RenderAs = 'pdf' | 'image' | 'text' | 'email' | 'unsupported';

export type PlanItem = {
  /** "evidence:<id>", "letter:<id>" or "event:<id>": stable across pre-flight and build. */
  ref: string;
  kind: 'evidence' | 'letter' | 'event';
  id: string;
  /** The timeline entry behind a letter or a chronology row (null for evidence). */
  eventId: string | null;
  /** "E3" for exhibits, "L2" for letters, "T" for chronology entries. */
  label: string;
  title: string;
  /** Display date ("3 Oct 2025", "Dec 2020", "c. 2017"), null when unknown. */
  date: string | null;
  approximate: boolean;
  renderAs: RenderAs;
  /** Why it would be left out; empty when it goes in by default. */
  exclusions: Exclusion[];
  /** Whether a person may put it in anyway (never for caseworker-only material in a member's or outside bundle). */
  canIncludeOnPurpose: boolean;
  /** Left out by default but put in by a person, on purpose. */
  includedOnPurpose: boolean;
  /** Privileged / without prejudice: printed on its divider when it goes in. */
  marks: Mark[];
  /** Extra facts for the person: "approximate date", "unreadable: encrypted" … */
  notes: string[];
  sha256: string | null;
  sizeBytes: number | null;
  /** Where it came from (a provenance note): present only for someone who may see it. */
  provenance: string | null;
  /** Chosen to be printed on the divider. */
  provenanceIncluded: boolean;
  /** The note is not the member's own: a bundle printing it is not one the member can download. */
  provenanceHiddenFromMember: boolean;
  kindLabel: string;
  originalName: string | null;
};

export type SectionId = 'chronology' | 'statement' | 'correspondence' | 'exhibits';
export type PlanSection = {
  id: SectionId;
  title: string;
  /** For the chronology: entries withheld from the audience by default (privileged, without prejudice). */
  items: PlanItem[];
  /** For the chronology: the timeline entries that go in by default. */
  eventIds?: string[];
  /** For the chronology: how many caseworker-only entries are left out (staff building for others). */
  hiddenEntries?: number;
};
export type BundlePlan = {
  purpose: BundlePurpose;
  audience: BundleAudience;
  sections: PlanSection[];
  /** The person confirmed that disclosing privileged or without-prejudice material may waive privilege. */
  waiverAcknowledged?: boolean;
};

export const SECTION_TITLES: Record<SectionId, string> = {
  chronology: 'Chronology',
  statement: 'Statement of the member',
  correspondence: 'Correspondence',
  exhibits: 'Evidence',
};

export const included = (item: PlanItem) => item.exclusions.length === 0 || item.includedOnPurpose;

/** Items put in on purpose that carry a privilege mark: disclosing them may waive privilege. */
export const markedOnPurpose = (plan: Pick<BundlePlan, 'sections'>) =>
  plan.sections.flatMap((s) => s.items.filter((i) => i.includedOnPurpose && i.marks.length > 0));
