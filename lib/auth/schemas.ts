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
