'use server';

import { z } from 'zod';
import { after } from 'next/server';
import { authedAction, publicAction } from '../action';
import { hashPassword } from '../auth/password';
import {
  acceptInviteSchema,
  confirmSignUpSchema,
  forgotPasswordSchema,
  inviteSchema,
  resetPasswordSchema,
  resetSecondFactorSchema,
  signUpSchema,
} from '../auth/schemas';
import { signOutEverywhere, updateTeamMember } from './account-services';
import { acceptInvite, inviteTeamMember } from './invite-services';
import { confirmSignUp, requestSignUp } from './sign-up-services';
import { requestPasswordReset, resetPassword } from './password-reset-services';
import { resetSecondFactor } from './reset-second-factor';

const logFailure = (what: string) => (err: unknown) =>
  console.error(`[auth] ${what} failed:`, err instanceof Error ? err.message : err);

// Sign-up answers the same for every address, at the same speed: the password is hashed here for
// everyone, and the rest (an account check, a link or an "already registered" email) runs after the answer.
export const signUpAction = publicAction(signUpSchema, async (input) => {
  const passwordHash = await hashPassword(input.password);
  after(() => requestSignUp({ name: input.name, email: input.email, passwordHash }).catch(logFailure('sign-up')));
  return { email: input.email };
});

export const confirmSignUpAction = publicAction(confirmSignUpSchema, (input, ctx) => confirmSignUp(input, ctx));

export const requestPasswordResetAction = publicAction(forgotPasswordSchema, async (input, ctx) => {
  after(() => requestPasswordReset(input.email, ctx).catch(logFailure('password reset request')));
  return { email: input.email };
});

export const resetPasswordAction = publicAction(resetPasswordSchema, (input, ctx) => resetPassword(input, ctx));

export const acceptInviteAction = publicAction(acceptInviteSchema, async (input, ctx) => acceptInvite(input, ctx));

export const signOutEverywhereAction = authedAction(z.object({}).strict(), async (_input, ctx) =>
  signOutEverywhere(ctx.user, ctx),
);

export const inviteTeamMemberAction = authedAction(
  inviteSchema,
  (input, ctx) => inviteTeamMember(ctx.user, input, ctx),
  { revalidate: '/team' },
);

export const updateTeamMemberAction = authedAction(
  z
    .object({
      userId: z.string().min(1).max(40),
      role: z.enum(['MEMBER', 'CASEWORKER', 'COORDINATOR']).optional(),
      disabled: z.boolean().optional(),
    })
    .strict(),
  (input, ctx) => updateTeamMember(ctx.user, input, ctx),
  { revalidate: '/team' },
);

export const resetSecondFactorAction = authedAction(
  resetSecondFactorSchema,
  (input, ctx) => resetSecondFactor(ctx.user, input, ctx),
  { revalidate: '/team' },
);
