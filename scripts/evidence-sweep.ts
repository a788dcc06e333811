// Removes evidence bytes that no record points at (interrupted uploads). Safe to run at any time;
// `npm start` runs it too. Usage: npm run evidence:sweep [-- --grace-minutes 60]
import { getBlobStore } from '../lib/evidence/storage';
import { sweepOrphanBlobs } from '../lib/evidence/sweep-storage';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--grace-minutes');
  const graceMs = i > 0 ? Number(process.argv[i + 1]) * 60_000 : undefined;
  const result = await sweepOrphanBlobs(getBlobStore(), { graceMs });
  console.log(`Checked ${result.checked} stored file(s); removed ${result.deleted.length} that no record points at.`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
