import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { db, closeDb } from '@/lib/db/client';
import { attachPreview } from '@/lib/evidence/attach-preview';
import { DecryptionError, masterKeyId, readDecrypted, unwrapKey, wrappedKeyPrefix } from '@/lib/evidence/crypto';
import { masterKeyPath, pendingKeyPath, readKeyFile } from '@/lib/evidence/master-key-file';
import { getBlobStore } from '@/lib/evidence/storage';
import { buildBundle } from '@/lib/bundle/build-bundle';
import { preflight } from '@/lib/bundle/plan';
import type { Prisma } from '@/lib/db/generated/client';
import { previewLetterAction, saveLetterAction } from '@/lib/letters/actions';
import { startDraft } from '@/lib/letters/letter-services';
import { actAs, ctx, ensureOrganisation, makeCase, makeUser } from '../../helpers/factories';
import { fileEvidence, makeImage, makePdf, sha256 } from '../bundle/bundle-fixtures';
import { dropOwnDatabase, freePort, makeKeyDir, runRotate, storedFileHashes, useOwnDatabase } from './rotation-support';

// `npm run keys:rotate` end to end: evidence (with its preview), a filed letter's PDF and a bundle,
// stored by the app's own code on a real database and real files under a temp DATA_DIR; the command
// run as its own process; then every file decrypted with the new key, and refused with the old one.
// With PGlite the key lives in a key directory (the embedded default); with DATABASE_URL it comes
// from EVIDENCE_MASTER_KEY and the new one from --new-key-file.

const fileMode = !process.env.DATABASE_URL;
const oldKey = Buffer.from(process.env.EVIDENCE_MASTER_KEY!, 'base64');
let caseId: string;

type Stored = { what: string; storageKey: string; wrapped: string; sha256: string | null };

/** Every stored file the database points at, with its wrapped key and the fingerprint of its plaintext. */
async function storedFiles(): Promise<Stored[]> {
  const evidence = await db.evidence.findMany({ where: { caseId } });
  const letters = await db.letter.findMany({ where: { caseId } });
  const bundles = await db.bundle.findMany({ where: { caseId } });
  return [
    ...evidence.map((e) => ({
      what: `evidence ${e.title}`,
      storageKey: e.storageKey,
      wrapped: e.wrappedKey,
      sha256: e.sha256,
    })),
    ...evidence
      .filter((e) => e.previewKey)
      .map((e) => ({
        what: `preview of ${e.title}`,
        storageKey: e.previewKey!,
        wrapped: e.previewWrappedKey!,
        sha256: null,
      })),
    ...letters.map((l) => ({
      what: `letter ${l.title}`,
      storageKey: l.pdfStorageKey,
      wrapped: l.pdfWrappedKey,
      sha256: l.pdfSha256,
    })),
    ...bundles.map((b) => ({
      what: `bundle v${b.version}`,
      storageKey: b.storageKey!,
      wrapped: b.wrappedKey!,
      sha256: b.sha256,
    })),
  ];
}

async function fileLetter(who: Awaited<ReturnType<typeof makeUser>>, reference: string): Promise<void> {
  actAs(who);
  const draft = await startDraft(who, reference, { templateKey: 'subject-access-request' }, ctx);
  const preview = await previewLetterAction({
    caseId,
    templateKey: 'subject-access-request',
    values: { ...draft.values, sender_address: '12 Acacia Avenue\nLeeds\nLS1 1AA' },
  });
  if (!preview.ok) throw new Error(preview.error);
  const document: Partial<typeof preview.data> = { ...preview.data };
  delete document.date;
  delete document.reference;
  const saved = await saveLetterAction({
    caseId,
    templateKey: 'subject-access-request',
    sentOn: '2025-09-03',
    document: document as never,
  });
  if (!saved.ok) throw new Error(saved.error);
}

/** A bundle built the way every bundle is (a PDF worker process encrypts it into the store as it is written). */
async function storeBundle(createdBy: Awaited<ReturnType<typeof makeUser>>): Promise<void> {
  actAs(createdBy);
  const plan = await preflight(createdBy, caseId, 'APPEAL');
  const row = await db.bundle.create({
    data: {
      kind: 'CASE_BUNDLE',
      caseId,
      version: 1,
      purpose: 'APPEAL',
      plan: plan as unknown as Prisma.InputJsonValue,
      createdById: createdBy.id,
    },
  });
  await buildBundle(row.id);
  const stored = await db.bundle.findUniqueOrThrow({ where: { id: row.id } });
  if (stored.status !== 'READY') throw new Error(`bundle ${stored.status}: ${stored.error}`);
}

beforeAll(async () => {
  await useOwnDatabase();
  await ensureOrganisation([
    {
      kind: 'GOVERNANCE_LEGAL_UNIT',
      name: 'Governance and Legal Unit',
      postalAddress: '1 Party Street\nLondon\nSW1A 1AA',
    },
  ]);
  const caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  caseId = c.kase.id;
  const photo = await fileEvidence(caseId, c.member!.id, await makeImage(800, 600, 'jpeg'), {
    title: 'Photo of the notice',
    mimeType: 'image/jpeg',
    name: 'notice.jpg',
  });
  expect(await attachPreview(photo.id)).toBe(true);
  await fileEvidence(caseId, c.member!.id, await makePdf('Suspension letter', 2), {
    title: 'Suspension letter',
    mimeType: 'application/pdf',
    name: 'letter.pdf',
  });
  await fileEvidence(caseId, c.member!.id, Buffer.from('What the branch secretary said.\n'), {
    title: 'Note',
    mimeType: 'text/plain',
    name: 'note.txt',
  });
  await fileLetter(c.member!, c.kase.reference);
  await storeBundle(caseworker);
}, 120_000);

afterAll(async () => {
  await closeDb();
  await dropOwnDatabase();
});

test('refuses to run while the app answers on its port, and changes nothing', async () => {
  const app = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const keyDir = makeKeyDir(oldKey);
  const before = await storedFiles();
  await closeDb();
  const run = await runRotate([], { keyDir, port: (app.address() as { port: number }).port });
  await new Promise((resolve) => app.close(resolve));
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/Reinstate is running on port \d+\. Stop it first/);
  expect(fs.existsSync(pendingKeyPath(keyDir))).toBe(false);
  expect(readKeyFile(masterKeyPath(keyDir)).equals(oldKey)).toBe(true);
  expect(await storedFiles()).toEqual(before);
}, 60_000);

test('re-wraps every file key (evidence, preview, letter PDF, bundle) under a new key, never touching the files', async () => {
  const before = await storedFiles();
  expect(before.map((f) => f.what.split(' ')[0]).sort()).toEqual([
    'bundle',
    'evidence',
    'evidence',
    'evidence',
    'letter',
    'preview',
  ]);
  const plaintext = new Map<string, string>();
  for (const f of before)
    plaintext.set(f.storageKey, sha256(await readDecrypted(getBlobStore(), f.storageKey, f.wrapped, oldKey)));
  const filesBefore = storedFileHashes();

  const keyDir = makeKeyDir(oldKey);
  const args = ['--batch-size', '2'];
  let newKey: Buffer = crypto.randomBytes(32);
  if (!fileMode) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-newkey-')), 'new-master-key');
    fs.writeFileSync(file, newKey.toString('base64'), { mode: 0o600 });
    args.push('--new-key-file', file);
  }
  await closeDb(); // PGlite: one process at a time
  const run = await runRotate(args, { keyDir, port: await freePort() });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Re-wrapped 6 file key\(s\)/);
  expect(run.stdout).toMatch(/re-wrapped 2 of 6 \(evidence files\)/); // in batches

  if (fileMode) {
    newKey = readKeyFile(masterKeyPath(keyDir));
    const retired = fs.readdirSync(keyDir).filter((f) => f.startsWith('evidence-master-key.retired-'));
    expect(retired).toEqual([`evidence-master-key.retired-${new Date().toISOString().slice(0, 10)}`]);
    expect(readKeyFile(path.join(keyDir, retired[0]!)).equals(oldKey)).toBe(true);
    expect(fs.existsSync(pendingKeyPath(keyDir))).toBe(false);
    expect(fs.statSync(masterKeyPath(keyDir)).mode & 0o777).toBe(0o600);
    expect(run.stdout).toMatch(/Back it up now, separately from the data directory/);
  }
  expect(newKey.equals(oldKey)).toBe(false);

  const after = await storedFiles();
  expect(after.map((f) => f.storageKey).sort()).toEqual(before.map((f) => f.storageKey).sort());
  for (const f of after) {
    expect({ what: f.what, prefix: f.wrapped.slice(0, 12) }).toEqual({
      what: f.what,
      prefix: wrappedKeyPrefix(newKey),
    });
    expect(sha256(await readDecrypted(getBlobStore(), f.storageKey, f.wrapped, newKey))).toBe(
      plaintext.get(f.storageKey),
    );
    if (f.sha256) expect(sha256(await readDecrypted(getBlobStore(), f.storageKey, f.wrapped, newKey))).toBe(f.sha256);
    expect(() => unwrapKey(f.wrapped, oldKey)).toThrow(DecryptionError);
    await expect(readDecrypted(getBlobStore(), f.storageKey, f.wrapped, oldKey)).rejects.toThrow(
      `under master key ${masterKeyId(newKey)}`,
    );
  }
  // The encrypted bytes on disk are exactly as they were: only the wrapped keys changed.
  expect(storedFileHashes()).toEqual(filesBefore);
}, 120_000);
