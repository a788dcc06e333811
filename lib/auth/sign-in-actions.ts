'use server';

import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { publicAction } from '../action';
import { passkeySignInSchema, recoverySignInSchema, signInSchema, ticketSchema, totpSignInSchema } from './schemas';
import { checkPasswordStep } from './sign-in';
import { passkeyOptionsStep, verifyPasskeyStep, verifyRecoveryStep, verifyTotpStep } from './second-factor';

// The steps of signing in, open to visitors by nature. Each is throttled in its service; the second-step
// actions act only on the ticket the password step handed to this browser.

export const startSignInAction = publicAction(signInSchema, (input, ctx) => checkPasswordStep(input, ctx.ip));

export const totpSignInAction = publicAction(totpSignInSchema, (input, ctx) =>
  verifyTotpStep(input.ticket, input.code, ctx),
);

export const recoverySignInAction = publicAction(recoverySignInSchema, (input, ctx) =>
  verifyRecoveryStep(input.ticket, input.recoveryCode, ctx),
);

export const passkeySignInOptionsAction = publicAction(ticketSchema, (input) => passkeyOptionsStep(input.ticket));

export const passkeySignInAction = publicAction(passkeySignInSchema, (input, ctx) =>
  verifyPasskeyStep(input.ticket, input.response as AuthenticationResponseJSON, ctx),
);
