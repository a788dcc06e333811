import crypto from 'node:crypto';
import { getRequestContext } from '@/lib/auth/context';
import { readCalendarFeed } from '@/lib/calendar/feed';
import { isStorableText } from '@/lib/http/storable-text';

// A personal calendar feed. The secret in the address is the only credential (calendar apps send
// no cookies), so every way of not having a live token (unknown, malformed, revoked, owner
// disabled) gets this one answer, byte for byte.
const notFound = () =>
  new Response('Not found\n', {
    status: 404,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const { token } = await params;
    if (!isStorableText(token)) return notFound(); // a token is base64url: this one cannot be anyone's
    const ctx = await getRequestContext();
    const ics = await readCalendarFeed(token.replace(/\.ics$/, ''), ctx);
    if (ics === null) return notFound();
    return new Response(ics, {
      headers: {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Cache-Control': 'private, no-store',
        'Content-Disposition': 'inline; filename="reinstate.ics"',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (err) {
    const id = crypto.randomUUID().slice(0, 8);
    console.error(`[error ${id}] calendar feed`, err);
    return new Response(`Something went wrong on our side. (Reference ${id})\n`, {
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
}
