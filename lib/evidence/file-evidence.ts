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

/** One file received, encrypted into the store and checked, not yet filed. */
type StagedFile = {
  title: string;
  kind: EvidenceKind;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  wrappedKey: string;
  previewState: PreviewState | null;
};

/**
 * The exhibit numbers, the Evidence rows and their audit rows in one statement, for one file or a group of
 * them: one round trip instead of a transaction of five per file, and as atomic (a statement is its own
 * transaction; the UPDATE locks the case row, so numbers stay unique and gapless, given in the files' order).
 * Written in SQL, so the defaults Prisma's client would add are given here: the ids, "updatedAt", and the audit
 * rows' memberVisible, decided by the same rule as writeAudit's for a new item with these marks
 * (lib/auth/audience.ts). Returns no rows when the case is gone.
 */
async function insertFiled(
  files: StagedFile[],
  common: {
    caseId: string;
    createdById: string;
    visibility: Visibility;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<FiledRow[]> {
  const rule = AUDIT_ACTIONS['evidence.create'].member;
  const memberVisible =
    rule === 'item'
      ? memberMaySeeItemActivity({ visibility: common.visibility, privileged: false, withoutPrejudice: false })
      : rule === 'case';
  const fields = ['file', 'originalName', 'mimeType', 'sizeBytes', 'sha256', 'exhibitNumber'];
  const column = <K extends keyof StagedFile>(k: K) => files.map((f) => f[k]);
  const rows = await db.$queryRaw<FiledRow[]>`
    WITH numbered AS (
      UPDATE "Case" SET "exhibitCounter" = "exhibitCounter" + ${files.length}::integer WHERE "id" = ${common.caseId}
      RETURNING "exhibitCounter" - ${files.length}::integer AS "before"
    ), incoming AS (
      SELECT * FROM unnest(
        ${files.map(() => newRowId())}::text[], ${files.map(() => newRowId())}::text[], ${column('title')}::text[],
        ${column('kind')}::text[], ${column('originalName')}::text[], ${column('mimeType')}::text[],
        ${column('sizeBytes')}::integer[], ${column('sha256')}::text[], ${column('storageKey')}::text[],
        ${column('wrappedKey')}::text[], ${column('previewState')}::text[]
      ) WITH ORDINALITY AS f("id", "auditId", "title", "kind", "originalName", "mimeType", "sizeBytes", "sha256", "storageKey", "wrappedKey", "previewState", "position")
    ), filed AS (
      INSERT INTO "Evidence" ("id", "caseId", "exhibitNumber", "title", "kind", "visibility", "originalName", "mimeType", "sizeBytes", "sha256", "storageKey", "wrappedKey", "createdById", "previewState", "updatedAt")
      SELECT f."id", ${common.caseId}, (numbered."before" + f."position")::integer, f."title", f."kind"::"EvidenceKind", ${common.visibility}::"Visibility",
        f."originalName", f."mimeType", f."sizeBytes", f."sha256", f."storageKey", f."wrappedKey", ${common.createdById}, f."previewState"::"PreviewState", CURRENT_TIMESTAMP
      FROM numbered, incoming f
      RETURNING "id", "exhibitNumber", "sha256", "sizeBytes", "mimeType", "title", "originalName", "previewState"
    ), audited AS (
      INSERT INTO "AuditLog" ("id", "actorId", "action", "entityType", "entityId", "caseId", "fields", "memberVisible", "ip", "userAgent")
      SELECT f."auditId", ${common.createdById}, 'evidence.create', 'Evidence', filed."id", ${common.caseId}, ${fields}::text[], ${memberVisible}, ${common.ip}, ${common.userAgent}
      FROM filed JOIN incoming f ON f."id" = filed."id"
    )
    SELECT * FROM filed ORDER BY "exhibitNumber"`;
  return rows;
}

const KIND_BY_FAMILY: Record<string, EvidenceKind> = {
  pdf: 'DOCUMENT',
  image: 'SCREENSHOT',
  text: 'DOCUMENT',
  email: 'EMAIL',
  docx: 'DOCUMENT',
};

type Upload = { name: string; declaredMime?: string; body: AsyncIterable<Uint8Array | string> };

/** The case the upload is for, through the actor's scope (404 when not theirs or not there), and the hidden mark. */
async function caseForUpload(actor: Actor, reference: string, caseworkersOnly: boolean): Promise<string> {
  const kase = await db.case.findFirst({
    where: { AND: [{ reference }, caseScope(actor)] },
    select: { id: true },
  });
  if (!kase) throw new NotFoundError();
  // Filed hidden from the start, so a caseworker's upload is never, even for a moment, the member's to see.
  if (caseworkersOnly && !canMarkCaseworkersOnly(actor)) {
    throw new InvalidError('Only caseworkers can file an item as caseworkers only.', {
      caseworkersOnly: 'Only caseworkers can mark an item as caseworkers only',
    });
  }
  return kase.id;
}

/**
 * Receives one file into the store, encrypted as it arrives, and checks its type from its bytes. A file
 * refused (too large, a type not accepted) is deleted from storage at once and comes back as an InvalidError;
 * anything else that fails (the connection lost) throws, and what was written of this file is removed.
 */
async function stageFile(caseId: string, upload: Upload): Promise<StagedFile> {
  const env = getEnv();
  const store = getBlobStore();
  const key = newStorageKey(caseId);
  const capture = headTailCapture(upload.body, HEAD_BYTES);
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
    name: upload.name,
    declaredMime: upload.declaredMime,
    tail: stored.size > HEAD_BYTES ? capture.tail() : undefined,
  });
  if (!sniffed.ok) {
    await store.delete(key);
    throw new InvalidError(sniffed.reason, { file: 'refused' });
  }
  const originalName = safeFilename(upload.name, sniffed.ext);
  return {
    title: originalName.replace(/\.[^.]+$/, '').slice(0, 200) || originalName,
    kind: KIND_BY_FAMILY[sniffed.family] ?? 'OTHER',
    originalName,
    mimeType: sniffed.mime,
    sizeBytes: stored.size,
    sha256: stored.sha256,
    storageKey: key,
    wrappedKey: stored.wrappedKey,
    // Made after the answer (the route's after()): until then the page says it is being made.
    previewState: previewable(sniffed.mime, stored.size) ? 'PENDING' : null,
  };
}

/** Deletes the stored bytes of files received but not filed (best effort: the sweep removes what is left). */
async function forgetStaged(files: StagedFile[]): Promise<void> {
  const store = getBlobStore();
  await Promise.all(files.map((f) => store.delete(f.storageKey).catch(() => undefined)));
}

/** What every file of one upload is filed with: the case, who filed it, its visibility and where it came from. */
function filing(actor: Actor, caseId: string, caseworkersOnly: boolean | undefined, ctx: Ctx) {
  return {
    caseId,
    createdById: actor.id,
    visibility: (caseworkersOnly ? 'CASEWORKERS' : 'SHARED') as Visibility,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  };
}

/**
 * Files what was staged, in one statement; if that fails, or the case was removed while the files were
 * arriving, their bytes are deleted and nothing is filed. Returns the filed items (what the answer may say) and,
 * for those to get a preview, what it is made from (never sent to the client).
 */
async function fileStaged(
  staged: StagedFile[],
  common: Parameters<typeof insertFiled>[1],
): Promise<{ items: FiledRow[]; previews: PreviewSource[] }> {
  let items: FiledRow[];
  try {
    items = await insertFiled(staged, common);
  } catch (err) {
    await forgetStaged(staged);
    throw err;
  }
  if (items.length !== staged.length) {
    await forgetStaged(staged);
    throw new NotFoundError();
  }
  // For the thumbnails (./preview-queue.ts): what was just written, so that it is not read back.
  const previews = items.flatMap((item, i): PreviewSource[] =>
    item.previewState === 'PENDING'
      ? [
          {
            id: item.id,
            storageKey: staged[i]!.storageKey,
            wrappedKey: staged[i]!.wrappedKey,
            mimeType: item.mimeType,
            sizeBytes: item.sizeBytes,
          },
        ]
      : [],
  );
  return { items, previews };
}

/**
 * Files one uploaded file on a case. The bytes are encrypted as they arrive; only when the whole
 * file is in and its type checked from its bytes is the database row written (with its exhibit
 * number and audit row, in one statement). Anything refused is deleted from storage at once;
 * a crash in between leaves only unreferenced bytes, which the sweep removes. Returns the filed item (what the
 * answer may say) and, when a preview is to be made, what it is made from (never sent to the client).
 */
export async function fileEvidence(
  actor: Actor,
  input: Upload & { reference: string; caseworkersOnly?: boolean },
  ctx: Ctx,
): Promise<{ item: FiledRow; preview: PreviewSource | null }> {
  const caseId = await caseForUpload(actor, input.reference, input.caseworkersOnly ?? false);
  const staged = await stageFile(caseId, input);
  const { items, previews } = await fileStaged([staged], filing(actor, caseId, input.caseworkersOnly, ctx));
  return { item: items[0]!, preview: previews[0] ?? null };
}

/** What became of one file of a group: filed, or refused with the reason (said to the person, per file). */
export type GroupResult =
  | { name: string; filed: FiledRow }
  | { name: string; error: string; fieldErrors: Record<string, string> };

/**
 * Files a group of small files sent in one request (the uploader groups small files: the session, the case and
 * the filing statement are then paid once per group, not once per file). Each file is received and checked in
 * turn, as fileEvidence does; a file refused for itself (its type, its size) is reported and the others go on.
 * The group is filed at the end, in one statement, in the order the files came: if the request fails before
 * then (the connection lost, a part that cannot be read, Cancel), nothing of it is filed and what it wrote is
 * deleted, so the uploader can send the same files again without filing any twice.
 */
export async function fileEvidenceGroup(
  actor: Actor,
  input: { reference: string; files: AsyncIterable<Upload>; caseworkersOnly?: boolean },
  ctx: Ctx,
): Promise<{ results: GroupResult[]; previews: PreviewSource[] }> {
  const caseId = await caseForUpload(actor, input.reference, input.caseworkersOnly ?? false);
  const staged: { at: number; name: string; file: StagedFile }[] = [];
  const results: (GroupResult | null)[] = [];
  try {
    for await (const upload of input.files) {
      try {
        staged.push({ at: results.length, name: upload.name, file: await stageFile(caseId, upload) });
        results.push(null);
      } catch (err) {
        if (!(err instanceof InvalidError)) throw err;
        results.push({ name: upload.name, error: `${upload.name}: ${err.message}`, fieldErrors: err.fieldErrors });
      }
    }
  } catch (err) {
    await forgetStaged(staged.map((s) => s.file));
    throw err;
  }
  const { items, previews } = staged.length
    ? await fileStaged(
        staged.map((s) => s.file),
        filing(actor, caseId, input.caseworkersOnly, ctx),
      )
    : { items: [], previews: [] };
  staged.forEach((s, i) => (results[s.at] = { name: s.name, filed: items[i]! }));
  return { results: results as GroupResult[], previews };
}
