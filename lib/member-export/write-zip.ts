import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { sha256Stream } from '../evidence/crypto';
import type { ExportFile, OpenStored } from './export-files';

// Writes the export's files into a zip stream with yazl (docs/decisions/0026). Stored files are opened lazily:
// yazl asks for each when it reaches it, so one file is decrypted at a time and memory stays flat whatever
// the member has filed. Every file's SHA-256 is taken as it passes, and the manifest (MANIFEST.txt and
// manifest.json), added last, lists them all.

export type Fingerprint = { path: string; size: number; sha256: string; filedSha256?: string | null };

export type ZipRun = {
  /** The zip's bytes, to be stored as they come. */
  output: Readable;
  /** Resolves with every file's fingerprint (the manifest's two files excepted) once the zip has ended. */
  done: Promise<Fingerprint[]>;
};

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

export function manifestText(prints: Fingerprint[]): string {
  const lines = prints.map((p) => `${p.sha256}  ${p.path}`);
  return `SHA-256 fingerprints of every file in this download (apart from MANIFEST.txt and manifest.json).
Check one with: shasum -a 256 "<file>" (Mac, Linux) or certutil -hashfile "<file>" SHA256 (Windows).

${lines.join('\n')}
`;
}

export function writeZip(
  files: ExportFile[],
  open: OpenStored,
  onFile: (done: number, total: number, path: string) => void,
  signal?: AbortSignal,
): ZipRun {
  const zip = new ZipFile();
  const prints: Fingerprint[] = [];
  const mtime = new Date();
  let failed: unknown;
  files.forEach((f, i) => {
    if ('bytes' in f) {
      zip.addBuffer(f.bytes, f.path, { mtime, compress: true });
      prints.push({ path: f.path, size: f.bytes.length, sha256: sha(f.bytes) });
      return;
    }
    // Already-compressed formats (PDF, images) gain nothing from deflate: stored as they are.
    zip.addReadStreamLazy(f.path, { mtime, compress: false }, (cb) => {
      onFile(i, files.length, f.path);
      if (signal?.aborted) return cb(signal.reason ?? new Error('Stopped'), Readable.from([]));
      open(f.stored).then(
        (plain) => {
          const hash = sha256Stream();
          // yazl does not watch a lazy stream for errors: a file that fails its check (or cannot be read) must
          // fail the zip itself, or the zip would wait for it for ever.
          plain.on('error', (err) => {
            failed ??= err;
            zip.emit('error', err);
          });
          hash.on('end', () => {
            const d = hash.digest();
            prints.push({ path: f.path, size: d.size, sha256: d.sha256, filedSha256: f.filedSha256 });
          });
          cb(null, plain.pipe(hash));
        },
        (err: unknown) => {
          failed ??= err;
          cb(err, Readable.from([]));
        },
      );
    });
  });
  // The manifest is made when yazl reaches it, after every other file has gone through.
  const manifest = (render: () => string) => (cb: (err: unknown, s: NodeJS.ReadableStream) => void) =>
    cb(null, Readable.from([Buffer.from(render())]));
  zip.addReadStreamLazy(
    'MANIFEST.txt',
    { mtime, compress: true },
    manifest(() => manifestText(sorted())),
  );
  zip.addReadStreamLazy(
    'manifest.json',
    { mtime, compress: true },
    manifest(() => `${JSON.stringify({ algorithm: 'SHA-256', files: sorted() }, null, 2)}\n`),
  );
  const sorted = () => [...prints].sort((a, b) => a.path.localeCompare(b.path));
  zip.end();
  const output = zip.outputStream as Readable;
  // A file that fails on the way (damaged, unreadable) fails the whole zip: never a zip with a file cut short.
  zip.on('error', (err: Error) => output.destroy(err));
  const done = new Promise<Fingerprint[]>((resolve, reject) => {
    output.on('end', () => (failed ? reject(failed) : resolve(sorted())));
    output.on('error', (err) => reject(failed ?? err));
  });
  done.catch(() => undefined); // awaited by the caller; a failure is reported there
  return { output, done };
}
