import { PDFArray, PDFDict, PDFHexString, PDFRawStream, PDFRef, type PDFObject } from '@cantoo/pdf-lib';
import { N } from './read-pdf';

/** New object number of a source reference; 0 means "write null" (a reference that must not be followed). */
export type RefNumbers = Map<PDFRef, number>;

/**
 * Writes a parsed object in PDF syntax with every reference renumbered. pdf-lib's own writers
 * would print the source numbers; strings, names and numbers keep the exact text pdf-lib parsed
 * (strings keep their escapes, so the bytes survive as latin1).
 */
export function serialize(value: PDFObject, refs: RefNumbers): string {
  if (value instanceof PDFRef) {
    const n = refs.get(value);
    if (n === undefined) throw new Error(`Internal error: object ${value.objectNumber} was not planned for copying.`);
    return n === 0 ? 'null' : `${n} 0 R`;
  }
  if (value instanceof PDFDict) return serializeEntries(value.entries(), refs);
  if (value instanceof PDFArray) {
    let s = '[';
    for (const v of value.asArray()) s += `${serialize(v, refs)} `;
    return `${s}]`;
  }
  if (value instanceof PDFRawStream) throw new Error('Internal error: a stream cannot be written as a direct object.');
  return value.toString();
}

export function serializeEntries(
  entries: Iterable<[{ toString(): string }, PDFObject]>,
  refs: RefNumbers,
  extra = '',
): string {
  let s = '<<';
  for (const [k, v] of entries) s += `${k.toString()} ${serialize(v, refs)}\n`;
  return `${s}${extra}>>`;
}

/** The dictionary of a stream with its /Length replaced by the real length of the bytes written. */
export function serializeStreamDict(stream: PDFRawStream, refs: RefNumbers): string {
  const entries = stream.dict.entries().filter(([k]) => k !== N.Length);
  return serializeEntries(entries, refs, `/Length ${stream.contents.length}`);
}

/** A text string for the Info dictionary or an outline title: literal when plain ASCII, else UTF-16BE. */
export function textString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, '\\$&')})`;
  return PDFHexString.fromText(s).toString();
}

export function pdfNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

const SOFT_LIMIT = 8 * 2 ** 20;

/**
 * Buffers small writes into larger chunks, passes big stream bodies through without copying, tracks
 * the byte offset for the cross-reference table, and waits for 'drain' when the output is full.
 */
export class Sink {
  offset = 0;
  /** Text (objects' syntax) not yet turned into bytes: one Buffer per ~256 KiB, not one per object. */
  private text_ = '';
  private parts: Uint8Array[] = [];
  private partsSize = 0;
  private needDrain = false;
  private failure: Error | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', (err: Error) => {
      this.failure ??= err;
    });
  }

  /** PDF syntax; every character must be below 256 (latin1 is the byte itself). */
  text(s: string): void {
    this.offset += s.length;
    this.text_ += s;
    if (this.text_.length >= 262_144) this.writeParts();
  }

  bytes(b: Uint8Array): void {
    this.offset += b.length;
    if (b.length >= 65_536) {
      this.writeParts();
      this.write(b);
      return;
    }
    this.textToPart();
    this.parts.push(b);
    this.partsSize += b.length;
    if (this.partsSize >= 262_144) this.writeParts();
  }

  /**
   * Call between objects. Waits for 'drain' only once the output holds more than SOFT_LIMIT bytes:
   * a file stream's high-water mark is 16 KiB, and waiting at each full buffer would take turns
   * between building and writing instead of overlapping them.
   */
  async settle(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.needDrain) return;
    const w = this.out as { writableLength?: number; writableNeedDrain?: boolean; destroyed?: boolean };
    if (w.destroyed) throw new Error('The output closed before the bundle was written.');
    if (typeof w.writableLength === 'number' && typeof w.writableNeedDrain === 'boolean') {
      if (!w.writableNeedDrain) {
        this.needDrain = false; // it drained already
        return;
      }
      if (w.writableLength < SOFT_LIMIT) return;
    }
    await this.drain();
  }

  async flush(): Promise<void> {
    this.writeParts();
    await this.settle();
  }

  private textToPart(): void {
    if (!this.text_) return;
    const b = Buffer.from(this.text_, 'latin1');
    this.text_ = '';
    this.parts.push(b);
    this.partsSize += b.length;
  }

  private writeParts(): void {
    this.textToPart();
    if (!this.parts.length) return;
    const chunk = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partsSize);
    this.parts = [];
    this.partsSize = 0;
    this.write(chunk);
  }

  private write(b: Uint8Array): void {
    if (this.failure) return;
    if (!this.out.write(b)) this.needDrain = true;
  }

  private drain(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        this.out.removeListener('drain', onDrain);
        this.out.removeListener('error', onError);
        this.out.removeListener('close', onClose);
        this.needDrain = false;
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done();
      const onError = (err: Error) => done(err);
      const onClose = () => done(new Error('The output closed before the bundle was written.'));
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
      this.out.once('close', onClose);
    });
  }
}
