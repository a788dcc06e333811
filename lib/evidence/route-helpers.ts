import { getRequestContext } from '../auth/context';
import type { CurrentUser } from '../auth/current-user';
import { toActionError } from '../action';
import type { Readable } from 'node:stream';
import { ConflictError, UnauthenticatedError } from '../errors';

export const noStore = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** Route handlers answer in JSON with the same typed errors as server actions; 404 for not-yours. */
export function jsonError(err: unknown): Response {
  const e = toActionError(err);
  const status = { invalid: 422, not_found: 404, conflict: 409, unauthenticated: 401, throttled: 429, server: 500 }[
    e.code
  ];
  return Response.json(e, { status, headers: noStore });
}

export async function requireRouteUser(): Promise<{ user: CurrentUser; ip: string; userAgent: string | null }> {
  const ctx = await getRequestContext();
  if (!ctx.user) throw new UnauthenticatedError();
  return ctx as { user: CurrentUser; ip: string; userAgent: string | null };
}

/**
 * Waits for a decrypting stream's first bytes before the answer is started: a stored file that fails
 * its check (changed or damaged) then answers a clear 409 instead of a broken 200 or a 500. A failure
 * later in a large file can only cut the download short, which the browser reports.
 */
export function firstBytes(stream: Readable): Promise<Readable> {
  const damaged = () =>
    new ConflictError(
      'The stored file could not be read: it has been changed or damaged since it was filed. Please tell a coordinator.',
    );
  // It may have failed already (a one-chunk file fails as soon as it is read).
  if (stream.errored || stream.destroyed) return Promise.reject(damaged());
  if (stream.readableLength > 0 || stream.readableEnded) return Promise.resolve(stream);
  return new Promise((resolve, reject) => {
    const settle = (ok: boolean) => {
      stream.off('readable', onReady).off('end', onReady).off('error', onFail).off('close', onClose);
      if (ok) resolve(stream);
      else {
        stream.destroy();
        reject(damaged());
      }
    };
    const onReady = () => settle(true);
    const onFail = () => settle(false);
    const onClose = () => settle(stream.readableEnded);
    stream.once('readable', onReady).once('end', onReady).once('error', onFail).once('close', onClose);
  });
}
