'use server';

import { z } from 'zod';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { revalidatePath } from 'next/cache';
import { parseStorable, registerActionSchema, toActionError, type AuthedContext } from '../action';
import { UnauthenticatedError, type ActionResult } from '../errors';
import { getEnrolmentContext } from './context';
import { addPasskeySchema, removeSecondFactorSchema, totpSetupSchema } from './schemas';
import {
  addPasskey,
  confirmTotpSetup,
  newRecoveryCodes,
  passkeySetupOptions,
  removeSecondFactor,
  startTotpSetup,
} from './two-step-services';

// Two-step sign-in settings: the signed-in person's own account only (no id in any input). These are the
// only actions open to someone who must set up a second factor before anything else, which is why they
// use getEnrolmentContext() rather than authedAction() (which refuses such a session).
function twoStepAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: AuthedContext) => Promise<T>,
) {
  const action = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const ctx = await getEnrolmentContext();
      if (!ctx.user) throw new UnauthenticatedError();
      const data = await handler(parseStorable(schema, raw), ctx as AuthedContext);
      revalidatePath('/account', 'layout');
      return { ok: true, data };
    } catch (err) {
      return toActionError(err);
    }
  };
  return registerActionSchema(action, schema);
}

const empty = z.object({}).strict();

export const startTotpSetupAction = twoStepAction(empty, (_input, ctx) => startTotpSetup(ctx.user));

export const confirmTotpSetupAction = twoStepAction(totpSetupSchema, (input, ctx) =>
  confirmTotpSetup(ctx.user, input.code, ctx),
);

export const passkeySetupOptionsAction = twoStepAction(empty, (_input, ctx) => passkeySetupOptions(ctx.user));

export const addPasskeyAction = twoStepAction(addPasskeySchema, (input, ctx) =>
  addPasskey(ctx.user, { name: input.name, response: input.response as RegistrationResponseJSON }, ctx),
);

export const removeSecondFactorAction = twoStepAction(removeSecondFactorSchema, (input, ctx) =>
  removeSecondFactor(
    ctx.user,
    input.kind === 'passkey' ? { kind: 'passkey', passkeyId: input.passkeyId ?? '' } : { kind: 'totp' },
    input.password,
    ctx,
  ),
);

export const newRecoveryCodesAction = twoStepAction(empty, (_input, ctx) => newRecoveryCodes(ctx.user, ctx));
