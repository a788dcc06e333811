import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { db, type Tx } from '../db/client';
import { newRowId } from '../db/row-id';
import { canMarkCaseworkersOnly, caseScope, type Actor } from '../auth/policy';
import { memberMaySeeItemActivity } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { AUDIT_ACTIONS } from '../audit/actions';
import { InvalidError, NotFoundError } from '../errors';
import { getEnv } from '../env';
import { getBlobStore } from './storage';
import { encryptToStore, TooLargeError } from './crypto';
import { sniffFile } from './sniff';
import { safeFilename } from './filenames';
import type { EvidenceKind, PreviewState, Visibility } from '../db/generated/enums';
import { previewable } from './previewable';
import type { PreviewSource } from './attach-preview';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
const HEAD_BYTES = 64 * 1024;

/**
 * Passes the bytes through and keeps the first and the last `limit` of them, for type
 * sniffing once the upload is complete (a DOCX's zip directory can sit at the end). Memory: about
 * two × limit plus one chunk.
 */
function headTailCapture(source: AsyncIterable<Uint8Array | string>, limit: number) {
  // A stream that fails before it is read (the store opens its file first) must not emit an unhandled
  // 'error'; reading it then throws the error all the same.
  if (source instanceof Readable) source.on('error', () => undefined);
  const head: Buffer[] = [];
  let kept = 0;
  let recent: Buffer[] = [];
  let recentBytes = 0;
  async function* pass(): AsyncGenerator<Buffer> {
    for await (const raw of source) {
      const chunk =
        typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      if (kept < limit) {
        const slice = chunk.subarray(0, limit - kept);
        head.push(Buffer.from(slice));
        kept += slice.length;
      }
      // Kept by reference, not copied: nothing writes to a chunk once it has arrived (the encryption reads it).
      recent.push(chunk);
      recentBytes += chunk.length;
      while (recent.length > 1 && recentBytes - recent[0]!.length >= limit) recentBytes -= recent.shift()!.length;
      yield chunk;
    }
  }
  return {
    pass,
    head: () => Buffer.concat(head),
    tail: () => {
      const all = Buffer.concat(recent, recentBytes);
      recent = [all];
      return all.subarray(Math.max(0, all.length - limit));
    },
  };
}

export function newStorageKey(caseId: string): string {
  return `cases/${caseId.toLowerCase()}/${crypto.randomUUID()}`;
}

/** Gives out the next exhibit number under a lock on the case row: unique and gapless in order of filing. */
export async function nextExhibitNumber(tx: Tx, caseId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ exhibitCounter: number }[]>`
    UPDATE "Case" SET "exhibitCounter" = "exhibitCounter" + 1 WHERE "id" = ${caseId} RETURNING "exhibitCounter"`;
  if (!rows[0]) throw new NotFoundError();
  return rows[0].exhibitCounter;
}

type FiledRow = {
  id: string;
  exhibitNumber: number;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  title: string;
  originalName: string;
  previewState: PreviewState | null;
};

/**
 * The exhibit number, the Evidence row and its audit row in one statement: one round trip instead of
 * a transaction of five, and as atomic (a statement is its own transaction; the UPDATE locks the case
 * row, so numbers stay unique and gapless). Written in SQL, so the defaults Prisma's client would add
 * are given here: the ids, "updatedAt", and the audit row's memberVisible, decided by the same rule
 * as writeAudit's for a new item with these marks (lib/auth/audience.ts).
 */
async function insertFiled(row: {
  caseId: string;
  title: string;
  kind: EvidenceKind;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  wrappedKey: string;
  createdById: string;
  visibility: Visibility;
  ip: string | null;
  userAgent: string | null;
  previewState: PreviewState | null;
}): Promise<FiledRow | null> {
  const rule = AUDIT_ACTIONS['evidence.create'].member;
  const memberVisible =
    rule === 'item'
      ? memberMaySeeItemActivity({ visibility: row.visibility, privileged: false, withoutPrejudice: false })
      : rule === 'case';
  const fields = ['file', 'originalName', 'mimeType', 'sizeBytes', 'sha256', 'exhibitNumber'];
  const rows = await db.$queryRaw<FiledRow[]>`
    WITH numbered AS (
      UPDATE "Case" SET "exhibitCounter" = "exhibitCounter" + 1 WHERE "id" = ${row.caseId} RETURNING "exhibitCounter"
    ), filed AS (
      INSERT INTO "Evidence" ("id", "caseId", "exhibitNumber", "title", "kind", "visibility", "originalName", "mimeType", "sizeBytes", "sha256", "storageKey", "wrappedKey", "createdById", "previewState", "updatedAt")
      SELECT ${newRowId()}, ${row.caseId}, "exhibitCounter", ${row.title}, ${row.kind}::"EvidenceKind", ${row.visibility}::"Visibility", ${row.originalName}, ${row.mimeType},
        ${row.sizeBytes}::integer, ${row.sha256}, ${row.storageKey}, ${row.wrappedKey}, ${row.createdById}, ${row.previewState}::"PreviewState", CURRENT_TIMESTAMP
      FROM numbered
      RETURNING "id", "exhibitNumber", "sha256", "sizeBytes", "mimeType", "title", "originalName", "previewState"
    ), audited AS (
      INSERT INTO "AuditLog" ("id", "actorId", "action", "entityType", "entityId", "caseId", "fields", "memberVisible", "ip", "userAgent")
      SELECT ${newRowId()}, ${row.createdById}, 'evidence.create', 'Evidence', "id", ${row.caseId}, ${fields}::text[], ${memberVisible}, ${row.ip}, ${row.userAgent}
      FROM filed
    )
    SELECT * FROM filed`;
  return rows[0] ?? null;
}

const KIND_BY_FAMILY: Record<string, EvidenceKind> = {
  pdf: 'DOCUMENT',
  image: 'SCREENSHOT',
  text: 'DOCUMENT',
  email: 'EMAIL',
  docx: 'DOCUMENT',
};

/**
 * Files one uploaded file on a case. The bytes are encrypted as they arrive; only when the whole
 * file is in and its type checked from its bytes is the database row written (with its exhibit
 * number and audit row, in one statement). Anything refused is deleted from storage at once;
 * a crash in between leaves only unreferenced bytes, which the sweep removes. Returns the filed item (what the
 * answer may say) and, when a preview is to be made, what it is made from (never sent to the client).
 */
export async function fileEvidence(
  actor: Actor,
  input: {
    reference: string;
    name: string;
    declaredMime?: string;
    body: AsyncIterable<Uint8Array | string>;
    caseworkersOnly?: boolean;
  },
  ctx: Ctx,
) {
  const kase = await db.case.findFirst({
    where: { AND: [{ reference: input.reference }, caseScope(actor)] },
    select: { id: true },
  });
  if (!kase) throw new NotFoundError();
  // Filed hidden from the start, so a caseworker's upload is never, even for a moment, the member's to see.
  if (input.caseworkersOnly && !canMarkCaseworkersOnly(actor)) {
    throw new InvalidError('Only caseworkers can file an item as caseworkers only.', {
      caseworkersOnly: 'Only caseworkers can mark an item as caseworkers only',
    });
  }
  const env = getEnv();
  const store = getBlobStore();
  const key = newStorageKey(kase.id);
  const capture = headTailCapture(input.body, HEAD_BYTES);
  let stored: { sha256: string; size: number; wrappedKey: string };
  try {
    // A client that disconnects fails its body's iteration, and so the upload (the store removes what it wrote).
    stored = await encryptToStore(store, key, capture.pass(), { maxBytes: env.evidenceMaxBytes });
  } catch (err) {
    if (err instanceof TooLargeError) {
      throw new InvalidError(`The file is larger than the ${env.EVIDENCE_MAX_MB} MB limit.`, { file: 'too_large' });
    }
    throw err;
  }
  const sniffed = await sniffFile(capture.head(), {
    size: stored.size,
    name: input.name,
    declaredMime: input.declaredMime,
    tail: stored.size > HEAD_BYTES ? capture.tail() : undefined,
  });
  if (!sniffed.ok) {
    await store.delete(key);
    throw new InvalidError(sniffed.reason, { file: 'refused' });
  }
  const originalName = safeFilename(input.name, sniffed.ext);
  let item: FiledRow | null;
  try {
    item = await insertFiled({
      caseId: kase.id,
      title: originalName.replace(/\.[^.]+$/, '').slice(0, 200) || originalName,
      kind: KIND_BY_FAMILY[sniffed.family] ?? 'OTHER',
      originalName,
      mimeType: sniffed.mime,
      sizeBytes: stored.size,
      sha256: stored.sha256,
      storageKey: key,
      wrappedKey: stored.wrappedKey,
      createdById: actor.id,
      visibility: input.caseworkersOnly ? 'CASEWORKERS' : 'SHARED',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      // Made after the answer (the route's after()): until then the page says it is being made.
      previewState: previewable(sniffed.mime, stored.size) ? 'PENDING' : null,
    });
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
  if (!item) {
    // The case was removed while the file was arriving.
    await store.delete(key).catch(() => undefined);
    throw new NotFoundError();
  }
  // For the thumbnail (./preview-queue.ts): what was just written, so that it is not read back.
  const preview: PreviewSource | null =
    item.previewState === 'PENDING'
      ? {
          id: item.id,
          storageKey: key,
          wrappedKey: stored.wrappedKey,
          mimeType: item.mimeType,
          sizeBytes: item.sizeBytes,
        }
      : null;
  return { item, preview };
}
