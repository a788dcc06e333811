import { Readable } from 'node:stream';
import { findVisibleEvidence } from '@/lib/evidence/evidence-services';
import { decryptFromStore } from '@/lib/evidence/crypto';
import { getBlobStore } from '@/lib/evidence/storage';
import { contentDispositionFor } from '@/lib/evidence/filenames';
import { routeInput } from '@/lib/http/request-input';
import { jsonError, requireRouteUser, firstBytes } from '@/lib/evidence/route-helpers';
import { writeAudit } from '@/lib/audit/write-audit';
import { db } from '@/lib/db/client';

// The original file, decrypted as it streams out, always as an attachment: never rendered by the
// browser in our origin (nosniff + a sandboxing CSP). Only for people who may see the item; audited.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id } = await routeInput(request, params);
    const item = await findVisibleEvidence(ctx.user, id);
    // Watched from the start: a file that fails its check may fail while the audit row is written.
    const ready = firstBytes(await decryptFromStore(getBlobStore(), item.storageKey, item.wrappedKey));
    ready.catch(() => undefined); // awaited below
    await db.$transaction((tx) =>
      writeAudit(tx, {
        actorId: ctx.user.id,
        action: 'evidence.download',
        entityType: 'Evidence',
        entityId: item.id,
        caseId: item.caseId,
        fields: ['file'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      }),
    );
    return new Response(Readable.toWeb(await ready) as unknown as ReadableStream, {
      headers: {
        'Content-Type': item.mimeType,
        'Content-Length': String(item.sizeBytes),
        'Content-Disposition': contentDispositionFor(item.originalName),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'no-store',
        Digest: `sha-256=${Buffer.from(item.sha256, 'hex').toString('base64')}`,
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
