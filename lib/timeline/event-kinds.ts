// Which entries ask for what, without zod, for the event form.
/** Event types that start a deadline, so the date of receipt matters. */
export const RECEIPT_TYPES = ['SAR_SENT', 'NOTICE_OF_INVESTIGATION', 'DECISION'] as const;
/** A notice states the time to reply; a letter sent may ask for a reply within a time (which starts a deadline). */
export const WINDOW_TYPES = ['NOTICE_OF_INVESTIGATION', 'LETTER_SENT'] as const;
/** Entries that record a decision, asked whether it went against the member. */
export const DECISION_TYPES = ['DECISION', 'APPEAL_DECIDED'] as const;
