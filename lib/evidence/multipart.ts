import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Busboy, { type BusboyInstance } from '@fastify/busboy';
import { InvalidError } from '../errors';

/** One file of a multipart request, as it arrives: read `body` to the end before asking for the next file. */
export type FilePart = { name: string; declaredMime: string | undefined; body: AsyncIterable<Uint8Array> };

/**
 * The files of a multipart/form-data body, one after another, streamed (never held whole in memory), with
 * @fastify/busboy (decision 0040). Only files: a field that is not a file, more than `maxFiles` files, or a
 * body that is not well-formed multipart is refused with an InvalidError, never skipped. A file over
 * `maxFileBytes` ends there; the caller sees `maxFileBytes + 1` bytes and refuses it as too large. A body that
 * fails (the connection lost) fails the file being read and the iteration.
 */
export async function* readFileParts(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  limits: { maxFiles: number; maxFileBytes: number },
): AsyncGenerator<FilePart> {
  let parser: BusboyInstance;
  try {
    parser = new Busboy({
      headers: { 'content-type': contentType },
      // One byte over the limit reaches the caller, which then refuses the file as too large.
      // One field is let through to be named in the refusal (a limit of 0 would only say "a field").
      limits: { files: limits.maxFiles, fields: 1, parts: limits.maxFiles + 1, fileSize: limits.maxFileBytes + 1 },
    });
  } catch {
    throw new InvalidError('The upload could not be read: its Content-Type has no multipart boundary.', {
      file: 'unreadable',
    });
  }
  const queue: (FilePart | Error | null)[] = [];
  let wake: (() => void) | null = null;
  const push = (item: FilePart | Error | null) => {
    queue.push(item);
    wake?.();
    wake = null;
  };
  let reading: Readable | null = null;
  const refuse = (message: string) => push(new InvalidError(message, { file: 'unreadable' }));
  parser.on('file', (_field: string, stream: Readable, filename: string | undefined, _enc: string, mime: string) => {
    reading = stream;
    // Its reader gets a failure by reading it; one no one is reading any more must not throw it at the process.
    stream.on('error', () => undefined);
    push({ name: browserFilename(filename ?? ''), declaredMime: mime || undefined, body: stream });
  });
  parser.on('field', (field: string) => refuse(`The upload has a field "${field.slice(0, 50)}" that is not a file.`));
  parser.on('fieldsLimit', () => refuse('The upload has a field that is not a file.'));
  parser.on('filesLimit', () => refuse(`At most ${limits.maxFiles} files can be sent in one request.`));
  parser.on('partsLimit', () => refuse(`At most ${limits.maxFiles} files can be sent in one request.`));
  parser.on('finish', () => push(null));
  const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  pipeline(source, parser).catch((err: unknown) => {
    const failure =
      err instanceof Error &&
      /multipart|boundary|part/i.test(err.message) &&
      !/abort|premature|closed/i.test(err.message)
        ? new InvalidError('The upload could not be read: it is not well-formed multipart data.', {
            file: 'unreadable',
          })
        : err instanceof Error
          ? err
          : new Error(String(err));
    // The file being read fails with it (its reader would otherwise wait for ever), then the iteration.
    const current = reading as Readable | null;
    if (current && !current.readableEnded) current.destroy(failure);
    push(failure);
  });
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const next = queue.shift()!;
      if (next === null) return;
      if (next instanceof Error) throw next;
      yield next;
    }
  } finally {
    // Stopped early (a refusal, a failure): the rest of the body is not read.
    if (!source.destroyed) source.destroy();
  }
}

/**
 * A file name as the browser wrote it into the part's header: browsers (and undici's FormData) write '"', CR and
 * LF as %22, %0D and %0A (the HTML standard's multipart/form-data encoding), so those three are decoded back.
 * A name that really contained "%22" comes back with a quote: the encoding cannot tell them apart.
 */
export function browserFilename(raw: string): string {
  return raw.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
