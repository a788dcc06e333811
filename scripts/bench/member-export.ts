// Benchmark phase for issue 13 (point 1), run in its own process by ./run.ts (BENCH_ONLY=export) or alone:
//   DATA_DIR=$(mktemp -d) npx tsx scripts/bench/member-export.ts
// A member with three evidence files of 24 MB each (random bytes, encrypted into the blob store as an upload
// would be) asks for "Download my data"; the export job builds the zip. Measured every 10 ms while it builds:
// JavaScript heap plus array buffers above the level before the request, and the process's RSS. The files
// stream through the zip, so the first figure stays well under the 72 MB of files (garbage not yet collected and
// stream buffers make up most of it); the test of the export
// (__tests__/lib/member-export) checks the files come out byte for byte, and this bench how much memory it took.
// Prints a JSON line prefixed "RESULT " for run.ts, and a readable summary.
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { applyMigrations } from '../../lib/db/migrate';
import { db } from '../../lib/db/client';
import { encryptToStore } from '../../lib/evidence/crypto';
import { getBlobStore } from '../../lib/evidence/storage';
import { newStorageKey, nextExhibitNumber } from '../../lib/evidence/file-evidence';
import { jobsIdle } from '../../lib/jobs/queue';
import { requestMemberExport } from '../../lib/member-export/request-export';

const MB = 1 << 20;
const FILES = 3;
const FILE_MB = 24;

async function main() {
  await applyMigrations();
  await db.organisation.create({ data: { name: 'Bench party' } });
  const member = await db.user.create({
    data: { email: `bench-member-${Date.now()}@bench.test`, name: 'Bench Member', role: 'MEMBER' },
    select: { id: true, role: true },
  });
  const person = await db.person.create({ data: { fullName: 'Bench Member', userId: member.id } });
  const kase = await db.case.create({
    data: { reference: 'RS-2026-9998', personId: person.id, createdById: member.id, consentGivenAt: new Date() },
  });
  for (let n = 0; n < FILES; n++) {
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < FILE_MB; i++) yield crypto.randomBytes(MB);
      })(),
    );
    const key = newStorageKey(kase.id);
    const stored = await encryptToStore(getBlobStore(), key, body, {});
    await db.$transaction(async (tx) =>
      tx.evidence.create({
        data: {
          caseId: kase.id,
          exhibitNumber: await nextExhibitNumber(tx, kase.id),
          title: `Recording ${n}`,
          originalName: `recording-${n}.bin`,
          mimeType: 'application/octet-stream',
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: key,
          wrappedKey: stored.wrappedKey,
          createdById: member.id,
        },
      }),
    );
  }

  global.gc?.();
  const base = process.memoryUsage();
  let peakAbove = 0;
  let peakRss = base.rss;
  const sample = setInterval(() => {
    const u = process.memoryUsage();
    peakAbove = Math.max(peakAbove, u.heapUsed + u.arrayBuffers - base.heapUsed - base.arrayBuffers);
    peakRss = Math.max(peakRss, u.rss);
  }, 10);
  const started = performance.now();
  const { id } = await requestMemberExport(member, { ip: 'bench', userAgent: 'bench' });
  await jobsIdle();
  const ms = performance.now() - started;
  clearInterval(sample);
  const row = await db.memberExport.findUniqueOrThrow({ where: { id } });
  if (row.status !== 'READY') throw new Error(`export ended ${row.status}: ${row.progressNote ?? ''}`);
  const result = {
    files: FILES,
    fileMb: FILE_MB,
    zipMb: Number((row.sizeBytes! / MB).toFixed(1)),
    seconds: Number((ms / 1000).toFixed(2)),
    peakAboveMb: Number((peakAbove / MB).toFixed(1)),
    rssBeforeMb: Math.round(base.rss / MB),
    peakRssMb: Math.round(peakRss / MB),
    gc: typeof global.gc === 'function',
  };
  console.log(
    `Member export, ${FILES} files of ${FILE_MB} MB: zip ${result.zipMb} MB in ${result.seconds} s; ` +
      `heap + buffers peaked ${result.peakAboveMb} MB above the start; RSS ${result.rssBeforeMb} → ${result.peakRssMb} MB`,
  );
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
