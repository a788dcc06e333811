import { mustUseSecondFactor } from './policy';
import type { Role } from '../db/generated/enums';

/**
 * Where a signed-in person stands with two-step sign-in:
 * - ok:    set up, or not required (a member who has not chosen it);
 * - grace: required (staff) but not yet set up: everything works until `until`, with a reminder;
 * - enrol: required and overdue (or required again after a recovery code or a coordinator's reset):
 *          only the set-up page works. Enforced where pages, actions and routes get the user
 *          (lib/auth/current-user.ts), never only in a layout or proxy.ts.
 */
export type MfaGate = { status: 'ok' } | { status: 'grace'; until: Date | null } | { status: 'enrol' };

export type MfaState = {
  role: Role;
  mfaRequiredAt: Date | null;
  totpFactor: { confirmedAt: Date | null } | null;
  _count: { passkeys: number };
};

export const hasSecondFactor = (u: Pick<MfaState, 'totpFactor' | '_count'>): boolean =>
  !!u.totpFactor?.confirmedAt || u._count.passkeys > 0;

export function mfaGate(user: MfaState, now = new Date()): MfaGate {
  if (hasSecondFactor(user)) return { status: 'ok' };
  if (user.mfaRequiredAt && user.mfaRequiredAt <= now) return { status: 'enrol' };
  if (mustUseSecondFactor(user)) return { status: 'grace', until: user.mfaRequiredAt };
  return { status: 'ok' };
}
