import { z } from 'zod';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(254, 'That email address is too long')
  .pipe(z.email('Enter an email address like name@example.com'));

export const newPasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters');

export const personNameSchema = z.string().trim().min(1, 'Enter your name').max(120, 'Use at most 120 characters');

const passwordsMatch = (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword;
const mismatch = { path: ['confirmPassword'], message: 'The two passwords do not match' };

export const signUpSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .strict()
  .refine(passwordsMatch, mismatch);

export const acceptInviteSchema = z
  .object({
    token: z.string().min(20).max(200),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .strict()
  .refine(passwordsMatch, mismatch);

export const inviteSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    role: z.enum(['CASEWORKER', 'COORDINATOR']).default('CASEWORKER'),
  })
  .strict();

export type SignUpInput = z.input<typeof signUpSchema>;
export type AcceptInviteInput = z.input<typeof acceptInviteSchema>;
export type InviteInput = z.input<typeof inviteSchema>;

// ---- Sign-in, email links and two-step sign-in ------------------------------------------------------

const ticket = z.string().min(20).max(100);
const b64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/);

/** The password step. The email is checked by the service itself, so every bad input gets the same answer. */
export const signInSchema = z.object({ email: z.string().max(300), password: z.string().max(200) }).strict();

export const totpSignInSchema = z
  .object({ ticket, code: z.string().trim().min(1, 'Enter the 6-digit code from your app').max(20) })
  .strict();
export const recoverySignInSchema = z
  .object({ ticket, recoveryCode: z.string().trim().min(1, 'Enter one of your recovery codes').max(40) })
  .strict();
export const ticketSchema = z.object({ ticket }).strict();

/** What the browser's WebAuthn API returns, as @simplewebauthn/browser serialises it; checked again by @simplewebauthn/server. */
const credentialBase = {
  id: b64(1400),
  rawId: b64(1400),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};
export const authenticationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: b64(20_000),
    authenticatorData: b64(20_000),
    signature: b64(2_000),
    userHandle: b64(200).optional(),
  }),
});
export const registrationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: b64(20_000),
    attestationObject: b64(100_000),
    authenticatorData: b64(20_000).optional(),
    transports: z.array(z.string().max(20)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64(5_000).optional(),
  }),
});
export const passkeySignInSchema = z.object({ ticket, response: authenticationResponseSchema }).strict();

export const confirmSignUpSchema = z
  .object({
    token: z.string().min(20).max(200),
    password: z.string().min(1, 'Enter the password you chose when you signed up').max(200),
  })
  .strict();

export const forgotPasswordSchema = z.object({ email: emailSchema }).strict();

export const resetPasswordSchema = z
  .object({ token: z.string().min(20).max(200), password: newPasswordSchema, confirmPassword: z.string() })
  .strict()
  .refine(passwordsMatch, mismatch);

export const totpSetupSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{3} ?\d{3}$/, 'Enter the 6 digits your app shows'),
  })
  .strict();

export const addPasskeySchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Give it a name you will recognise, like "Work laptop"')
      .max(60, 'Use at most 60 characters'),
    response: registrationResponseSchema,
  })
  .strict();

export const removeSecondFactorSchema = z
  .object({
    kind: z.enum(['totp', 'passkey']),
    passkeyId: z.string().min(1).max(40).optional(),
    password: z.string().min(1, 'Enter your password').max(200),
  })
  .strict();

export const resetSecondFactorSchema = z.object({ userId: z.string().min(1).max(40) }).strict();

export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;
export type ConfirmSignUpInput = z.input<typeof confirmSignUpSchema>;
