import { db } from '../db/client';
import { writeAudit, writeAuditMany } from '../audit/write-audit';
import { decryptFromStore, encryptToStore } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';
import { loadAccount, listOwnCases, loadCase } from './collect-data';
import { accountFiles, caseFiles, uniquePaths, type ExportFile } from './export-files';
import { exportStorageKey, expiryFrom } from './export-rules';
import { readmeText } from './readme';
import { writeZip } from './write-zip';

// Builds a member's export (run by the MEMBER_EXPORT job, lib/member-export/queue.ts): reads what the member may
// see, writes the zip file by file, encrypting it into the blob store as it goes, then records it as ready with
// its expiry, the job that will delete it, and the audit rows (one for the export, one on each case read).

const PROGRESS_EVERY_MS = 500;

/** The plan of files: the README first, then the account, then each case. */
async function planFiles(actor: { id: string; role: 'MEMBER' }, name: string, madeAt: Date) {
  const account = await loadAccount(actor);
  const cases = await listOwnCases(actor);
  const unique = uniquePaths();
  const files: ExportFile[] = [];
  for (const c of cases) files.push(...caseFiles(await loadCase(actor, c.id), unique));
  const readme = readmeText({ name, madeAt, references: cases.map((c) => c.reference) });
  return {
    cases,
    files: [{ path: 'README.txt', bytes: Buffer.from(readme) }, ...accountFiles(account), ...files],
  };
}

export async function buildMemberExport(id: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const row = await db.memberExport.findUnique({
    where: { id },
    select: { status: true, storageKey: true, user: { select: { id: true, role: true, name: true } } },
  });
  if (!row || row.status === 'READY' || row.status === 'FAILED') return; // done already, or removed
  const { user } = row;
  const store = getBlobStore();
  // Taken over from a server that died mid-build: what it stored is incomplete.
  if (row.storageKey) await store.delete(row.storageKey).catch(() => undefined);
  if (user.role !== 'MEMBER') {
    await db.memberExport.update({
      where: { id },
      data: { status: 'FAILED', error: 'Only a member can download their data.', finishedAt: new Date() },
    });
    return;
  }
  const key = exportStorageKey(user.id);
  await db.memberExport.update({
    where: { id },
    data: { status: 'BUILDING', progress: 1, progressNote: 'Gathering your cases', storageKey: key },
  });
  const madeAt = new Date();
  const { cases, files } = await planFiles({ id: user.id, role: 'MEMBER' }, user.name, madeAt);

  let last = 0;
  const onFile = (done: number, total: number, path: string) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    const progress = Math.max(2, Math.min(99, Math.round((done / total) * 100)));
    const note = `Adding ${path.split('/').slice(-2).join('/')}`;
    void db.memberExport.update({ where: { id }, data: { progress, progressNote: note } }).catch(() => undefined);
  };
  const zip = writeZip(files, (s) => decryptFromStore(store, s.storageKey, s.wrappedKey), onFile, opts.signal);
  let stored;
  try {
    [stored] = await Promise.all([encryptToStore(store, key, zip.output), zip.done]);
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
  const prints = await zip.done;
  const finishedAt = new Date();
  const expiresAt = expiryFrom(finishedAt);
  const replaced = await db.$transaction(async (tx) => {
    const older = await tx.memberExport.findMany({
      where: { userId: user.id, id: { not: id }, status: 'READY', deletedAt: null },
      select: { id: true, storageKey: true },
    });
    await tx.memberExport.updateMany({
      where: { id: { in: older.map((o) => o.id) } },
      data: { deletedAt: finishedAt },
    });
    await tx.memberExport.update({
      where: { id },
      data: {
        status: 'READY',
        progress: 100,
        progressNote: null,
        wrappedKey: stored.wrappedKey,
        sha256: stored.sha256,
        sizeBytes: stored.size,
        fileCount: prints.length + 2,
        finishedAt,
        expiresAt,
      },
    });
    // The file is deleted when the link runs out (the job waits until then).
    await tx.job.upsert({
      where: { kind_subjectId: { kind: 'MEMBER_EXPORT_EXPIRY', subjectId: id } },
      create: { kind: 'MEMBER_EXPORT_EXPIRY', subjectId: id, runAfter: expiresAt },
      update: { runAfter: expiresAt, status: 'QUEUED' },
    });
    await writeAudit(tx, {
      actorId: user.id,
      action: 'member_export.built',
      entityType: 'MemberExport',
      entityId: id,
      fields: [`files:${prints.length + 2}`, `cases:${cases.length}`],
    });
    // Every case read into the export is a read of that case, shown on its Activity tab.
    await writeAuditMany(
      tx,
      cases.map((c) => ({
        actorId: user.id,
        action: 'case.member-export' as const,
        entityType: 'Case',
        entityId: c.id,
        caseId: c.id,
      })),
    );
    return older;
  });
  // A newer copy replaces older ones: only the latest can be downloaded.
  for (const o of replaced) if (o.storageKey) await store.delete(o.storageKey).catch(() => undefined);
}

/** When a build has been taken too often without finishing: tell the member through the row. */
export async function giveUpMemberExport(id: string): Promise<void> {
  const row = await db.memberExport.findUnique({ where: { id }, select: { status: true, storageKey: true } });
  if (!row || row.status === 'READY' || row.status === 'FAILED') return;
  if (row.storageKey)
    await getBlobStore()
      .delete(row.storageKey)
      .catch(() => undefined);
  await db.memberExport.update({
    where: { id },
    data: {
      status: 'FAILED',
      storageKey: null,
      finishedAt: new Date(),
      error:
        'Your download could not be made this time. Please ask for it again, and tell a coordinator if it keeps happening.',
    },
  });
}
