/** How staff may record that a member agreed to a case they open for them (without zod, for the forms). */
export const STAFF_CONSENT_METHODS = ['IN_WRITING', 'BY_PHONE', 'IN_PERSON'] as const;
