// The pages of a bundle and of a reinstatement review, each rendered as its own small PDF (pure
// functions: data in, PDF bytes out). The assembler merges them with the evidence, stamps page
// numbers in the bottom 20 mm (which every part leaves empty), and adds links and bookmarks.
// Layout rules shared by all parts: render/writer.ts.

export type { PdfPart } from './render/writer';
export {
  renderCover,
  renderStatement,
  renderSectionDivider,
  renderExhibitDivider,
  renderPageSet,
  drawCover,
  drawStatement,
  drawSectionDivider,
  drawExhibitDivider,
  type CoverInput,
  type ExhibitDividerInput,
  type SectionDividerInput,
} from './render/pages';
export type { Writer as PageWriter } from './render/writer';
export { indexPageCount, renderIndex, drawIndex, type IndexRow, type IndexLink } from './render/index-pages';
export { renderChronology, drawChronologySection, type ChronologyRow } from './render/chronology';
export { renderTextEvidence } from './render/text-evidence';
export { renderEmailEvidence } from './render/email';
export { renderImageEvidence, ImageReproductionError, type ImageReproductionReason } from './render/image';
export { renderManifest, drawManifest, type ManifestRow } from './render/manifest';
export {
  renderReviewCase,
  renderReviewSummary,
  type FairnessRow,
  type ReviewCaseInput,
  type ReviewSummaryRow,
} from './render/review';
export {
  FAIRNESS_QUESTIONS,
  FAIRNESS_KEYS,
  FAIRNESS_ANSWER_LABELS,
  type FairnessKey,
  type FairnessAnswer,
} from './fairness-questions';
