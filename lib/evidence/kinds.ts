// What kind of item a piece of evidence is: here, without zod, for client components that show the labels.
export const EVIDENCE_KINDS = [
  'LETTER',
  'EMAIL',
  'SCREENSHOT',
  'SOCIAL_POST',
  'WEB_PAGE',
  'DOCUMENT',
  'OTHER',
] as const;
export const EVIDENCE_KIND_LABELS: Record<(typeof EVIDENCE_KINDS)[number], string> = {
  LETTER: 'Letter',
  EMAIL: 'Email',
  SCREENSHOT: 'Screenshot',
  SOCIAL_POST: 'Social-media post',
  WEB_PAGE: 'Web page',
  DOCUMENT: 'Document',
  OTHER: 'Something else',
};
