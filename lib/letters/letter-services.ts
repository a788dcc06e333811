import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { db, type Tx } from '../db/client';
import { canWriteLetters, caseScope, letterDraftScope, type Actor } from '../auth/policy';
import { itemsForReader } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { syncDeadlines } from '../deadlines/sync-deadlines';
import { encryptToStore, decryptFromStore } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';
import { newStorageKey } from '../evidence/file-evidence';
import { getTemplate, getTemplates } from './templates';
import { buildLetterContext, fieldValuesSchema, missingFields, prefillFields } from './context';
import { letterPlainText, renderDraft, renderLetterDocx, renderLetterPdf } from './render';
import { todayInUk } from './uk-date';
import type { LetterDocument, LetterTemplate } from './types';
import type { SaveLetterInput } from './schemas';
import type { LetterDraftData } from './draft-schemas';
import { rememberMemberAddress } from './member-address';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
type Target = { caseId: string; templateKey: string; parentLetterId?: string; deadlineId?: string };

/** The case (in the actor's scope) and, when given, the earlier letter and deadline: all on that case and visible. */
export async function loadTarget(tx: Tx, actor: Actor, target: Target) {
  const template = getTemplate(target.templateKey);
  const kase = await tx.case.findFirst({
    where: { AND: [{ id: target.caseId }, caseScope(actor)] },
    select: { id: true, reference: true },
  });
  if (!kase || !template || !canWriteLetters(actor)) throw new NotFoundError();
  if (target.parentLetterId) {
    const parent = await tx.letter.findFirst({
      where: { id: target.parentLetterId, caseId: kase.id, event: { deletedAt: null, ...itemsForReader(actor) } },
      select: { id: true },
    });
    if (!parent) throw new NotFoundError();
  }
  if (target.deadlineId) {
    const deadline = await tx.deadline.findFirst({
      where: { id: target.deadlineId, caseId: kase.id, event: { deletedAt: null, ...itemsForReader(actor) } },
      select: { id: true },
    });
    if (!deadline) throw new NotFoundError();
  }
  return { kase, template };
}

/**
 * Everything the letter page needs: the template, the values filled from the case, and what is missing;
 * whether the member's address is stored (and their record's version, for "remember this address").
 * With a saved draft (`draftId`), its template and the form as it was typed. Audited as a read.
 */
export async function startDraft(
  actor: Actor,
  reference: string,
  start: Omit<Target, 'caseId'> | { draftId: string },
  ctx: Ctx,
) {
  return db.$transaction(async (tx) => {
    const found = await tx.case.findFirst({
      where: { AND: [{ reference }, caseScope(actor)] },
      select: { id: true, person: { select: { version: true, postalAddress: true } } },
    });
    if (!found) throw new NotFoundError();
    // A draft of another case, or one the actor may not see (a member sees only their own), is not found.
    const draft =
      'draftId' in start
        ? await tx.letterDraft.findFirst({
            where: { id: start.draftId, caseId: found.id, ...letterDraftScope(actor) },
            select: { id: true, version: true, templateKey: true, data: true, updatedAt: true },
          })
        : null;
    if ('draftId' in start && !draft) throw new NotFoundError();
    const data = draft?.data as LetterDraftData | undefined;
    const target = draft
      ? { templateKey: draft.templateKey, parentLetterId: data?.parentLetterId, deadlineId: data?.deadlineId }
      : (start as Omit<Target, 'caseId'>);
    const { kase, template } = await loadTarget(tx, actor, { ...target, caseId: found.id });
    const context = await buildLetterContext(tx, {
      caseId: kase.id,
      actor,
      templateKey: template.key,
      parentLetterId: target.parentLetterId,
      deadlineId: target.deadlineId,
    });
    const prefilled = prefillFields(template, context);
    // The draft as typed wins; a field the template gained since is filled from the case.
    const values = data
      ? {
          ...prefilled,
          ...Object.fromEntries(Object.entries(data.values).filter(([k]) => Object.hasOwn(prefilled, k))),
        }
      : prefilled;
    await writeAudit(
      tx,
      draft
        ? {
            actorId: actor.id,
            action: 'letter-draft.open',
            entityType: 'LetterDraft',
            entityId: draft.id,
            caseId: kase.id,
            fields: [],
            ip: ctx.ip,
            userAgent: ctx.userAgent,
          }
        : {
            actorId: actor.id,
            action: 'letter.draft',
            entityType: 'Case',
            entityId: kase.id,
            caseId: kase.id,
            fields: [template.key],
            ip: ctx.ip,
            userAgent: ctx.userAgent,
          },
    );
    return {
      kase,
      template,
      values,
      missing: missingFields(template, values).map((f) => f.name),
      target,
      person: { version: found.person.version, hasAddress: !!found.person.postalAddress?.trim() },
      draft:
        draft && data ? { id: draft.id, version: draft.version, savedAt: draft.updatedAt.toISOString(), data } : null,
    };
  });
}

/** Fills the template from the person's values (validated against its declaration) for review. */
export async function previewLetter(
  actor: Actor,
  input: Target & { values: Record<string, string> },
): Promise<LetterDocument> {
  const { kase, template } = await db.$transaction((tx) => loadTarget(tx, actor, input));
  const parsed = fieldValuesSchema(template).safeParse(input.values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[`values.${String(issue.path[0])}`] ??= issue.message;
    throw new InvalidError('Some details are missing or need checking. They are marked below.', fieldErrors);
  }
  return renderDraft(template, parsed.data, { date: todayInUk(), reference: kase.reference });
}

export const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * Files a letter: renders the PDF from exactly the reviewed text, stores it encrypted, and in one
 * transaction writes the timeline event (a SAR, or a letter asking for a reply by a date, starts its deadline;
 * an appeal lodged meets the appeal window), the letter row and the audit.
 * If the transaction fails, the stored PDF is deleted (and the sweep would catch it otherwise).
 */
export async function saveLetter(actor: Actor, input: SaveLetterInput, ctx: Ctx) {
  const { kase, template } = await db.$transaction((tx) => loadTarget(tx, actor, input));
  if (input.receivedOn && template.eventType !== 'SAR_SENT') {
    throw new InvalidError('Please check the highlighted fields.', {
      receivedOn: 'A date of receipt applies only to a subject access request',
    });
  }
  const doc: LetterDocument = { ...input.document, date: input.sentOn, reference: kase.reference };
  const pdf = await renderLetterPdf(doc);
  const key = newStorageKey(kase.id);
  const store = getBlobStore();
  const stored = await encryptToStore(store, key, Readable.from([pdf]));
  try {
    return await db.$transaction(async (tx) => {
      await loadTarget(tx, actor, input); // still allowed, inside the writing transaction
      const sentOn = new Date(`${input.sentOn}T00:00:00.000Z`);
      const event = await tx.timelineEvent.create({
        data: {
          caseId: kase.id,
          type: template.eventType,
          occurredOn: sentOn,
          datePrecision: 'DAY',
          visibility: 'SHARED',
          createdById: actor.id,
          title: `${template.title} sent to ${doc.recipientName}`.slice(0, 200),
          details: doc.subject,
          // The reply the letter asks for (a template's replyWindowDays) and, for a SAR, the day it arrived:
          // syncDeadlines starts the deadlines from these, like any timeline entry.
          windowDays: template.replyWindowDays,
          receivedOn: input.receivedOn ? new Date(`${input.receivedOn}T00:00:00.000Z`) : null,
        },
        select: { id: true },
      });
      const letter = await tx.letter.create({
        data: {
          caseId: kase.id,
          eventId: event.id,
          templateKey: template.key,
          title: template.title,
          recipient: doc.recipientName,
          body: letterPlainText(doc),
          document: doc,
          sentOn,
          textSha256: sha256(letterPlainText(doc)),
          pdfStorageKey: key,
          pdfWrappedKey: stored.wrappedKey,
          pdfSha256: stored.sha256,
          pdfSizeBytes: stored.size,
          parentId: input.parentLetterId ?? null,
          deadlineId: input.deadlineId ?? null,
          createdById: actor.id,
        },
        select: { id: true, textSha256: true, pdfSha256: true },
      });
      // Saved from a draft: the draft goes in the same transaction (at the version the person had open).
      if (input.draftId) {
        const removed = await tx.letterDraft.deleteMany({
          where: { id: input.draftId, caseId: kase.id, version: input.draftVersion, ...letterDraftScope(actor) },
        });
        if (removed.count !== 1)
          throw new ConflictError(
            'The draft this letter was written from was changed or discarded by someone else, so the letter was not saved. What you typed is still here: copy anything you need and open the Letters tab.',
          );
        await writeAudit(tx, {
          actorId: actor.id,
          action: 'letter-draft.sent',
          entityType: 'LetterDraft',
          entityId: input.draftId,
          caseId: kase.id,
          fields: [],
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        });
      }
      // "Remember this address": the member's address typed into the letter is stored on their record, once.
      if (input.memberAddress && input.personVersion) {
        await rememberMemberAddress(
          tx,
          actor,
          { caseId: kase.id, personVersion: input.personVersion, address: input.memberAddress },
          ctx,
        );
      }
      await syncDeadlines(tx, kase.id);
      const fields = [
        'templateKey',
        'recipient',
        'body',
        'sentOn',
        'pdf',
        ...(input.parentLetterId ? ['parentId'] : []),
        ...(input.deadlineId ? ['deadlineId'] : []),
      ];
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'letter.create',
        entityType: 'Letter',
        entityId: letter.id,
        caseId: kase.id,
        fields,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'event.create',
        entityType: 'TimelineEvent',
        entityId: event.id,
        caseId: kase.id,
        fields: [
          'type',
          'occurredOn',
          'title',
          'details',
          ...(template.replyWindowDays ? ['windowDays'] : []),
          ...(input.receivedOn ? ['receivedOn'] : []),
        ],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return {
        id: letter.id,
        eventId: event.id,
        reference: kase.reference,
        textSha256: letter.textSha256,
        pdfSha256: letter.pdfSha256,
      };
    });
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
}

/** A draft rendered to a file for download before saving (not filed; the read of the case is audited). */
export async function renderDraftFile(
  actor: Actor,
  input: Target & { document: Omit<LetterDocument, 'date' | 'reference'> },
  format: 'pdf' | 'docx',
  ctx: Ctx,
) {
  const { kase, template } = await db.$transaction(async (tx) => {
    const found = await loadTarget(tx, actor, input);
    await writeAudit(tx, {
      actorId: actor.id,
      action: `letter.draft-${format}`,
      entityType: 'Case',
      entityId: found.kase.id,
      caseId: found.kase.id,
      fields: [found.template.key],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return found;
  });
  const doc: LetterDocument = { ...input.document, date: todayInUk(), reference: kase.reference };
  const bytes = format === 'pdf' ? await renderLetterPdf(doc) : await renderLetterDocx(doc);
  return { bytes, filename: `${kase.reference} ${template.title} (draft).${format}` };
}

/** A filed letter's PDF (the stored bytes, decrypted) or a DOCX of the same text. Audited. */
export async function openLetterFile(
  actor: Actor,
  letterId: string,
  format: 'pdf' | 'docx',
  ctx: Ctx,
): Promise<{ filename: string; stream?: Readable; size?: number; bytes?: Buffer }> {
  const letter = await db.$transaction(async (tx) => {
    const row = await tx.letter.findFirst({
      where: { id: letterId, case: caseScope(actor), event: { deletedAt: null, ...itemsForReader(actor) } },
      select: {
        id: true,
        caseId: true,
        title: true,
        sentOn: true,
        pdfStorageKey: true,
        pdfWrappedKey: true,
        pdfSizeBytes: true,
        document: true,
        case: { select: { reference: true } },
      },
    });
    if (!row) throw new NotFoundError();
    await writeAudit(tx, {
      actorId: actor.id,
      action: `letter.download-${format}`,
      entityType: 'Letter',
      entityId: row.id,
      caseId: row.caseId,
      fields: [],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return row;
  });
  const filename = `${letter.case.reference} ${letter.title} ${letter.sentOn.toISOString().slice(0, 10)}.${format}`;
  if (format === 'pdf') {
    return {
      stream: await decryptFromStore(getBlobStore(), letter.pdfStorageKey, letter.pdfWrappedKey),
      size: letter.pdfSizeBytes,
      filename,
    };
  }
  return { bytes: await renderLetterDocx(letter.document as LetterDocument), filename };
}

// The picker lists letters roughly in the order a case needs them; templates added later come last.
const PICKER_ORDER = [
  'subject-access-request',
  'request-for-particulars',
  'response-to-investigation',
  'appeal-against-decision',
  'reinstatement-review',
  'chaser',
  'ico-complaint',
  'form-of-authority',
];
const rank = (key: string) => (PICKER_ORDER.includes(key) ? PICKER_ORDER.indexOf(key) : PICKER_ORDER.length);

export function templateSummaries(): Pick<
  LetterTemplate,
  'key' | 'title' | 'description' | 'follows' | 'eventType' | 'replyWindowDays'
>[] {
  return getTemplates()
    .map(({ key, title, description, follows, eventType, replyWindowDays }) => ({
      key,
      title,
      description,
      follows,
      eventType,
      replyWindowDays,
    }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.title.localeCompare(b.title));
}
