import type { BundlePurpose } from '../db/generated/enums';

// Plain data about bundle plans, with no Node or database imports, so client components can use it.

export const PURPOSE_LABELS: Record<BundlePurpose, string> = {
  APPEAL: 'Appeal',
  REINSTATEMENT_REVIEW: 'Reinstatement review',
  SAR_FOLLOW_UP: 'Subject access request follow-up',
};

export type Exclusion = 'caseworkers-only' | 'privileged' | 'unreadable' | 'unsupported' | 'no-date';
export const EXCLUSION_LABELS: Record<Exclusion, string> = {
  'caseworkers-only': 'Caseworkers only: the member has not seen it',
  privileged: 'Marked “without prejudice” or privileged',
  unreadable: 'The file cannot be opened (damaged, encrypted or password-protected)',
  unsupported: 'This kind of file cannot be placed in a PDF (for example a Word document)',
  'no-date': 'It has no date',
};

export type RenderAs = 'pdf' | 'image' | 'text' | 'email' | 'unsupported';

export type PlanItem = {
  /** "evidence:<id>" or "letter:<id>": stable across pre-flight and build. */
  ref: string;
  kind: 'evidence' | 'letter';
  id: string;
  /** "E3" for exhibits, "L2" for letters. */
  label: string;
  title: string;
  /** Display date ("3 Oct 2025", "Dec 2020", "c. 2017"), null when unknown. */
  date: string | null;
  approximate: boolean;
  renderAs: RenderAs;
  /** Why it would be left out; empty when it goes in by default. */
  exclusions: Exclusion[];
  /** Left out by default but put in by a person, on purpose. */
  includedOnPurpose: boolean;
  /** Set for caseworker-only material: a bundle containing it is for staff only. */
  staffOnly: boolean;
  /** Extra facts for the person: "approximate date", "unreadable: encrypted" … */
  notes: string[];
  sha256: string | null;
  sizeBytes: number | null;
  source: string | null;
  kindLabel: string;
  originalName: string | null;
};

export type SectionId = 'chronology' | 'statement' | 'correspondence' | 'exhibits';
export type PlanSection = { id: SectionId; title: string; items: PlanItem[] };
export type BundlePlan = { purpose: BundlePurpose; sections: PlanSection[] };

export const SECTION_TITLES: Record<SectionId, string> = {
  chronology: 'Chronology',
  statement: 'Statement of the member',
  correspondence: 'Correspondence',
  exhibits: 'Evidence',
};

/** The chronology's switch for caseworker-only timeline entries, as a plan item. */
export const CHRONOLOGY_PRIVATE_REF = 'chronology:caseworkers-only';

export const included = (item: PlanItem) => item.exclusions.length === 0 || item.includedOnPurpose;

export const planIsStaffOnly = (plan: BundlePlan) => plan.sections.some((s) => s.items.some((i) => included(i) && i.staffOnly));
