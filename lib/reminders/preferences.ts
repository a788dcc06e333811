import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import type { Role } from '../db/generated/enums';
import type { RequestContext } from '../auth/context';
import { assertActor, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * Who gets the daily digest when they have not chosen (User.reminderEmails is null).
 * Caseworkers: yes, for their assigned cases. Coordinators: no, because their digest covers the
 * whole network and would be long; they opt in. Members: no, they opt in for their own case.
 */
export const REMINDER_DEFAULTS: Record<Role, boolean> = { CASEWORKER: true, COORDINATOR: false, MEMBER: false };

export function effectiveReminderEmails(role: Role, chosen: boolean | null): boolean {
  return chosen ?? REMINDER_DEFAULTS[role];
}

/** The users whose effective setting is "yes": used by the daily run, so the rule lives beside the default. */
export function reminderRecipientsWhere(): Prisma.UserWhereInput {
  return {
    disabledAt: null,
    OR: (Object.keys(REMINDER_DEFAULTS) as Role[]).map((role) =>
      REMINDER_DEFAULTS[role]
        ? // `not: false` would also drop nulls in SQL, so spell out "null or true".
          { role, OR: [{ reminderEmails: null }, { reminderEmails: true }] }
        : { role, reminderEmails: true },
    ),
  };
}

export async function getReminderSettings(actor: Actor): Promise<{ enabled: boolean; chosen: boolean }> {
  assertActor(actor);
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { role: true, reminderEmails: true } });
  if (!user) throw new NotFoundError();
  return { enabled: effectiveReminderEmails(user.role, user.reminderEmails), chosen: user.reminderEmails !== null };
}

/** A person turns their own digest on or off. There is no user id in the input: it is always the caller's. */
export async function setReminderEmails(actor: Actor, enabled: boolean, ctx: Ctx): Promise<{ enabled: boolean }> {
  assertActor(actor);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { reminderEmails: enabled }, select: { id: true } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'user.reminders',
      entityType: 'User',
      entityId: actor.id,
      fields: ['reminderEmails'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { enabled };
  });
}
