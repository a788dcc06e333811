import crypto from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { db, type Tx } from '../db/client';
import { canMarkCaseworkersOnly, caseScope, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { getEnv } from '../env';
import { getBlobStore } from './storage';
import { encryptToStore, TooLargeError } from './crypto';
import { sniffFile } from './sniff';
import { safeFilename } from './filenames';
import type { EvidenceKind } from '../db/generated/enums';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
const HEAD_BYTES = 64 * 1024;

/**
 * Keeps copies of the first and the last bytes that pass through, for type sniffing once the
 * upload is complete (a DOCX's zip directory can sit at the end). Memory: two × limit.
 */
function headTailCapture(limit: number): Transform & { head: () => Buffer; tail: () => Buffer } {
  const parts: Buffer[] = [];
  let kept = 0;
  let tail = Buffer.alloc(0);
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (kept < limit) {
        const slice = chunk.subarray(0, limit - kept);
        parts.push(Buffer.from(slice));
        kept += slice.length;
      }
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > limit) tail = Buffer.from(tail.subarray(tail.length - limit));
      done(null, chunk);
    },
  }) as Transform & { head: () => Buffer; tail: () => Buffer };
  t.head = () => Buffer.concat(parts);
  t.tail = () => tail;
  return t;
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

const KIND_BY_FAMILY: Record<string, EvidenceKind> = { pdf: 'DOCUMENT', image: 'SCREENSHOT', text: 'DOCUMENT', email: 'EMAIL', docx: 'DOCUMENT' };

/**
 * Files one uploaded file on a case. The bytes are encrypted as they arrive; only when the whole
 * file is in and its type checked from its bytes is the database row written (with its exhibit
 * number and audit row, in one transaction). Anything refused is deleted from storage at once;
 * a crash in between leaves only unreferenced bytes, which the sweep removes.
 */
export async function fileEvidence(
  actor: Actor,
  input: { reference: string; name: string; declaredMime?: string; body: Readable; caseworkersOnly?: boolean },
  ctx: Ctx,
) {
  const kase = await db.case.findFirst({ where: { AND: [{ reference: input.reference }, caseScope(actor)] }, select: { id: true } });
  if (!kase) throw new NotFoundError();
  // Filed hidden from the start, so a caseworker's upload is never, even for a moment, the member's to see.
  if (input.caseworkersOnly && !canMarkCaseworkersOnly(actor)) {
    throw new InvalidError('Only caseworkers can file an item as caseworkers only.', { caseworkersOnly: 'Only caseworkers can mark an item as caseworkers only' });
  }
  const env = getEnv();
  const store = getBlobStore();
  const key = newStorageKey(kase.id);
  const head = headTailCapture(HEAD_BYTES);
  let stored: { sha256: string; size: number; wrappedKey: string };
  try {
    // .pipe() does not forward errors: a client that disconnects must fail the upload, not hang it.
    input.body.once('error', (err) => head.destroy(err));
    stored = await encryptToStore(store, key, input.body.pipe(head), { maxBytes: env.evidenceMaxBytes });
  } catch (err) {
    if (err instanceof TooLargeError) {
      throw new InvalidError(`The file is larger than the ${env.EVIDENCE_MAX_MB} MB limit.`, { file: 'too_large' });
    }
    throw err;
  }
  const sniffed = await sniffFile(head.head(), { size: stored.size, name: input.name, declaredMime: input.declaredMime, tail: stored.size > HEAD_BYTES ? head.tail() : undefined });
  if (!sniffed.ok) {
    await store.delete(key);
    throw new InvalidError(sniffed.reason, { file: 'refused' });
  }
  const originalName = safeFilename(input.name, sniffed.ext);
  try {
    const item = await db.$transaction(async (tx) => {
      const exhibitNumber = await nextExhibitNumber(tx, kase.id);
      const created = await tx.evidence.create({
        data: {
          caseId: kase.id, exhibitNumber, title: originalName.replace(/\.[^.]+$/, '').slice(0, 200) || originalName,
          kind: KIND_BY_FAMILY[sniffed.family] ?? 'OTHER', originalName, mimeType: sniffed.mime, sizeBytes: stored.size,
          sha256: stored.sha256, storageKey: key, wrappedKey: stored.wrappedKey, createdById: actor.id,
          visibility: input.caseworkersOnly ? 'CASEWORKERS' : 'SHARED',
        },
        select: { id: true, exhibitNumber: true, sha256: true, sizeBytes: true, mimeType: true, title: true, originalName: true },
      });
      await writeAudit(tx, {
        actorId: actor.id, action: 'evidence.create', entityType: 'Evidence', entityId: created.id, caseId: kase.id,
        fields: ['file', 'originalName', 'mimeType', 'sizeBytes', 'sha256', 'exhibitNumber'], ip: ctx.ip, userAgent: ctx.userAgent,
      });
      return created;
    });
    return item;
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
}
