// What sign-in says, shared by the server (lib/auth/sign-in.ts) and the sign-in page's components.

export const WRONG_CREDENTIALS = 'That email and password do not match an account. Check them and try again.';
export const SIGN_IN_EXPIRED = 'This sign-in has timed out. Please start again with your email and password.';
export const SECOND_FACTOR_NEEDED = 'This account uses two-step sign-in: please sign in on the sign-in page.';

/** The second factors an account can answer with, after its password. */
export type SecondFactorMethods = { totp: boolean; passkey: boolean; recoveryCode: boolean };
