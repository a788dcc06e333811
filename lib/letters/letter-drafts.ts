import { db } from '../db/client';
import { canWriteLetters, caseScope, isStaff, letterDraftScope, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { getTemplate } from './templates';
import { loadTarget } from './letter-services';
import { rememberMemberAddress } from './member-address';
import type { SaveLetterDraftInput } from './draft-schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

const CHANGED =
  'This draft was changed or discarded by someone else since you opened it, so it was not saved. What you typed is still here: copy anything you need, then open the draft again from the Letters tab.';

/**
 * Saves a letter draft: a new one, or the one the person opened (at the version they opened, so two
 * people saving the same draft never overwrite each other). Anyone who may write letters on the case;
 * a member only ever sees and saves their own drafts, staff every draft on cases they can open.
 */
export async function saveLetterDraft(actor: Actor, input: SaveLetterDraftInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const { kase, template } = await loadTarget(tx, actor, input);
    const unknown = Object.keys(input.data.values).filter((name) => !template.fields.some((f) => f.name === name));
    if (unknown.length)
      throw new InvalidError('Some details do not belong to this letter.', {
        _form: `Not a field of this letter: ${unknown.join(', ')}`,
      });
    const data = { ...input.data, parentLetterId: input.parentLetterId, deadlineId: input.deadlineId };
    let saved: { id: string; version: number; updatedAt: Date };
    if (input.draftId) {
      const updated = await tx.letterDraft.updateMany({
        where: {
          id: input.draftId,
          caseId: kase.id,
          templateKey: template.key,
          version: input.version,
          ...letterDraftScope(actor),
        },
        data: { data, version: { increment: 1 } },
      });
      if (updated.count !== 1) {
        const exists = await tx.letterDraft.findFirst({
          where: { id: input.draftId, caseId: kase.id, templateKey: template.key, ...letterDraftScope(actor) },
          select: { id: true },
        });
        if (!exists) throw new NotFoundError();
        throw new ConflictError(CHANGED);
      }
      saved = await tx.letterDraft.findUniqueOrThrow({
        where: { id: input.draftId },
        select: { id: true, version: true, updatedAt: true },
      });
    } else {
      saved = await tx.letterDraft.create({
        data: { caseId: kase.id, templateKey: template.key, data, createdById: actor.id },
        select: { id: true, version: true, updatedAt: true },
      });
    }
    const addressField = template.fields.find((f) => f.source === 'member.address');
    const addressStored =
      input.data.rememberAddress && input.personVersion && addressField
        ? await rememberMemberAddress(
            tx,
            actor,
            {
              caseId: kase.id,
              personVersion: input.personVersion,
              address: input.data.values[addressField.name] ?? '',
            },
            ctx,
          )
        : false;
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'letter-draft.save',
      entityType: 'LetterDraft',
      entityId: saved.id,
      caseId: kase.id,
      fields: input.draftId ? ['data'] : ['templateKey', 'data'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: saved.id, version: saved.version, savedAt: saved.updatedAt.toISOString(), addressStored };
  });
}

/** Discards a draft on purpose (after a yes/no question in the browser). Not found if it is not one the actor may see. */
export async function discardLetterDraft(actor: Actor, input: { draftId: string; version: number }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canWriteLetters(actor)) throw new NotFoundError();
    const draft = await tx.letterDraft.findFirst({
      where: { id: input.draftId, case: caseScope(actor), ...letterDraftScope(actor) },
      select: { id: true, caseId: true },
    });
    if (!draft) throw new NotFoundError();
    const removed = await tx.letterDraft.deleteMany({ where: { id: draft.id, version: input.version } });
    if (removed.count !== 1)
      throw new ConflictError(
        'Someone saved this draft again since you opened the page, so it was not discarded. Open it to see the latest version first.',
      );
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'letter-draft.discard',
      entityType: 'LetterDraft',
      entityId: draft.id,
      caseId: draft.caseId,
      fields: [],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { discarded: true };
  });
}

/** The drafts listed on a case's Letters tab: every draft for staff, a member's own for a member. The case is already in scope. */
export async function listLetterDrafts(actor: Actor, caseId: string) {
  if (!canWriteLetters(actor)) return [];
  const rows = await db.letterDraft.findMany({
    where: { caseId, case: caseScope(actor), ...letterDraftScope(actor) },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    select: {
      id: true,
      templateKey: true,
      version: true,
      updatedAt: true,
      createdBy: { select: { name: true, role: true } },
    },
  });
  return rows.map((d) => ({
    id: d.id,
    version: d.version,
    templateKey: d.templateKey,
    title: getTemplate(d.templateKey)?.title ?? 'A letter',
    savedAt: d.updatedAt.toISOString(),
    savedBy:
      d.createdBy.role === 'MEMBER' || !isStaff(actor)
        ? d.createdBy.name
        : `${d.createdBy.name} (${d.createdBy.role === 'CASEWORKER' ? 'caseworker' : 'coordinator'})`,
  }));
}

export type LetterDraftRow = Awaited<ReturnType<typeof listLetterDrafts>>[number];
