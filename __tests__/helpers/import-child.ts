// Run by __tests__/lib/import/run-import.test.ts in a process of its own, to be killed with SIGKILL in the middle of
// an import: it imports the sheet in the file it is given, prints each progress report, and once `stopAfter` rows
// are written (inside the import's one transaction, not yet committed) waits for the kill.
import fs from 'node:fs';
import { runImport } from '../../lib/import/run-import';
import type { RunImportData } from '../../lib/import/schemas';

async function main() {
  const [inputFile, actorId, stopAfter] = process.argv.slice(2);
  const input = JSON.parse(fs.readFileSync(inputFile!, 'utf8')) as RunImportData;
  await runImport(
    { id: actorId!, role: 'COORDINATOR' },
    input,
    { ip: 'test', userAgent: 'import-child' },
    async (done) => {
      process.stdout.write(`progress ${done}\n`);
      if (done >= Number(stopAfter)) await new Promise(() => undefined); // mid-import: the kill comes here
    },
  );
  process.stdout.write('finished\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
