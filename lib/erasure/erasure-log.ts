import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { getEnv } from '../env';

/**
 * Erasures outlive a restore (docs/decisions/0027): every approved erasure is appended to KEY_DIR/erasures.log, beside
 * the evidence master key and never inside DATA_DIR or a database backup, as one line of JSON with ids and a date —
 * no name, no content. After an older backup is restored, replayErasures() applies each line again.
 */
const entrySchema = z.object({
  requestId: z.string(),
  personId: z.string().nullable(),
  userId: z.string().nullable(),
  caseIds: z.array(z.string()),
  on: z.string(),
});
export type ErasureLogEntry = z.infer<typeof entrySchema>;

export const erasureLogPath = () => path.join(getEnv().keyDir, 'erasures.log');

/** Appends one line and flushes it to disk before the erasure goes ahead. */
export async function appendErasureLog(entry: ErasureLogEntry, file = erasureLogPath()): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await fs.open(/*turbopackIgnore: true*/ file, 'a', 0o600);
  try {
    await handle.write(`${JSON.stringify(entrySchema.parse(entry))}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every entry, oldest first; a line that does not parse (a torn last write) is skipped and reported. */
export async function readErasureLog(file = erasureLogPath()): Promise<ErasureLogEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: ErasureLogEntry[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      out.push(entrySchema.parse(JSON.parse(line)));
    } catch {
      console.warn(`[erasure] ${file}:${i + 1} is not a valid entry; skipped`);
    }
  }
  return out;
}
