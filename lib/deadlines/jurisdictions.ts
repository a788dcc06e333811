// The bank-holiday calendars a case can follow, in plain words. Kept apart from ./working-days (which loads
// date-holidays and its time-zone data) so forms in the browser can name them without shipping that library.
export type Jurisdiction = 'ENGLAND_WALES' | 'SCOTLAND' | 'NORTHERN_IRELAND';
export const JURISDICTIONS: readonly Jurisdiction[] = ['ENGLAND_WALES', 'SCOTLAND', 'NORTHERN_IRELAND'];

export const JURISDICTION_LABELS: Record<Jurisdiction, string> = {
  ENGLAND_WALES: 'England and Wales',
  SCOTLAND: 'Scotland',
  NORTHERN_IRELAND: 'Northern Ireland',
};
