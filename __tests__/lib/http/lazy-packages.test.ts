import path from 'node:path';
import { runScriptForJson } from '../../helpers/processes';

// A web process loads what its pages need; the AWS SDK, sharp, nodemailer and the PDF and Word writers are loaded by
// the first piece of work that uses them (an S3 call, a picture's preview, a message, a letter or bundle rendered).
// Imported at a web process's start or by the case page, they held about 15-25 MB resident in each web process
// after a load (docs/benchmarks.md, "Packages loaded when first used, and two malloc arenas").

const HEAVY = ['@aws-sdk/client-s3', 'sharp', 'nodemailer', 'pdfkit', 'fontkit', 'docx', '@cantoo/pdf-lib'];

/** The heavy packages loaded once `modules` are imported, in a fresh process. */
function packagesLoadedBy(modules: string[]): string[] {
  return runScriptForJson(
    `async function main() {
  for (const m of ${JSON.stringify(modules.map((m) => path.resolve(m)))}) await import(m);
  const loaded = new Set(Object.keys(require.cache).map((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(k)?.[1]));
  console.log(JSON.stringify(${JSON.stringify(HEAVY)}.filter((p) => loaded.has(p))));
}
void main();
`,
  );
}

test('the modules pages and the server start import load none of the heavy packages', () => {
  expect(
    packagesLoadedBy([
      'lib/evidence/storage',
      'lib/mail/send-mail',
      'lib/letters/render',
      'lib/letters/letter-services',
      'lib/bundle/plan',
      'lib/bundle/bundle-services',
      'lib/evidence/preview',
      'lib/evidence/attach-preview',
    ]),
  ).toEqual([]);
}, 60_000);

test('the modules that do the work load them (the probe sees a loaded package)', () => {
  expect(
    packagesLoadedBy(['lib/evidence/storage/s3-store', 'lib/letters/render-pdf', 'lib/letters/render-docx']).sort(),
  ).toEqual(['@aws-sdk/client-s3', 'docx', 'fontkit', 'pdfkit'].sort());
}, 60_000);
