import fs from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '../env';
import { getBlobStore, type BlobStore } from '../evidence/storage';

/**
 * After the rows are committed: the stored files go. Their wrapped keys went with the rows, so a copy of a blob in an
 * older backup can no longer be decrypted either. Anything missed here (a crash) is taken by the orphan sweep
 * (lib/evidence/sweep-storage.ts), since no row points at it any more.
 */
export async function deleteErasedBlobs(
  keys: string[],
  caseIds: string[],
  store: BlobStore = getBlobStore(),
): Promise<number> {
  const all = new Set(keys);
  // Bytes stored under the case's own folder that no row pointed at (an upload that never committed).
  if (caseIds.length) {
    const prefixes = caseIds.map((id) => `cases/${id.toLowerCase()}/`);
    for await (const blob of store.list()) if (prefixes.some((p) => blob.key.startsWith(p))) all.add(blob.key);
  }
  for (const key of all) await store.delete(key);
  return all.size;
}

/**
 * The mail outbox (DATA_DIR/outbox, used when no SMTP server is set) keeps a copy of every email sent: the ones that
 * name the person (their address, name or a case reference, in the raw or quoted-printable text) are deleted.
 */
export async function deleteOutboxMail(names: string[], dir = getEnv().outboxDir): Promise<number> {
  // Whole words only, and nothing shorter than 6 characters: a short name or number would match unrelated mail
  // (message ids, dates, other people's words) and delete other people's copies.
  const needles = [...new Set(names.map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 6))].map(
    (n) => new RegExp(`(?<![\\p{L}\\p{N}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u'),
  );
  if (!needles.length) return 0;
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const name of entries) {
    if (!name.endsWith('.eml')) continue;
    const file = path.join(dir, name);
    const raw = await fs.readFile(file, 'latin1').catch(() => null);
    if (raw === null) continue;
    const text = `${raw}\n${decodeQuotedPrintable(raw)}\n${decodeBase64Parts(raw)}`.toLowerCase();
    if (needles.some((n) => n.test(text))) {
      await fs.rm(file, { force: true });
      deleted++;
    }
  }
  return deleted;
}

function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes = Buffer.from(
    joined.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** Base64 parts (nodemailer's choice for some texts): runs of base64-only lines, decoded. */
function decodeBase64Parts(raw: string): string {
  const blocks = raw.match(/(?:^[A-Za-z0-9+/]{8,}={0,2}\r?\n)+/gm) ?? [];
  return blocks.map((b) => Buffer.from(b.replace(/\s+/g, ''), 'base64').toString('utf8')).join('\n');
}
