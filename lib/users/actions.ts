'use server';

import { z } from 'zod';
import { authedAction, publicAction } from '../action';
import { acceptInviteSchema, inviteSchema, signUpSchema } from '../auth/schemas';
import { createUser, signOutEverywhere, updateTeamMember } from './account-services';
import { acceptInvite, inviteTeamMember } from './invite-services';

export const signUpAction = publicAction(signUpSchema, async (input, ctx) => {
  const user = await createUser({ name: input.name, email: input.email, password: input.password, role: 'MEMBER' }, null, ctx);
  return { email: user.email };
});

export const acceptInviteAction = publicAction(acceptInviteSchema, async (input, ctx) => acceptInvite(input, ctx));

export const signOutEverywhereAction = authedAction(z.object({}).strict(), async (_input, ctx) => signOutEverywhere(ctx.user, ctx));

export const inviteTeamMemberAction = authedAction(inviteSchema, (input, ctx) => inviteTeamMember(ctx.user, input, ctx), { revalidate: '/team' });

export const updateTeamMemberAction = authedAction(
  z.object({ userId: z.string().min(1).max(40), role: z.enum(['MEMBER', 'CASEWORKER', 'COORDINATOR']).optional(), disabled: z.boolean().optional() }).strict(),
  (input, ctx) => updateTeamMember(ctx.user, input, ctx),
  { revalidate: '/team' },
);
