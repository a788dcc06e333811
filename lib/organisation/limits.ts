/** Bounds on the default windows: shorter than a week or longer than a quarter is almost certainly a typing slip. */
export const MIN_DAYS = 7;
export const MAX_DAYS = 90;
