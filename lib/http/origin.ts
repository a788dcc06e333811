/**
 * Whether a request was sent by a page of another origin. Browsers send Origin on every POST; it
 * must be this app's own: `appOrigin` (APP_URL's), the address the request came to, or the host it
 * was addressed to (its Host header, which a page cannot set — the check Next makes for server
 * actions). "Same site" is not enough: another port on the same host (another app, a dev server) is
 * another origin, and a cookie-carrying request from it must not file or render anything. A request
 * without Origin is not from a page of another site (browsers always send it on a cross-origin POST).
 *
 * No environment is read here (the caller passes APP_URL): proxy.ts uses this too, and must not load
 * lib/env.ts, which sets up keys and secrets on first use.
 */
export function isForeignOrigin(request: Request, appOrigin: string | undefined): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  if (origin === appOrigin || origin === new URL(request.url).origin) return false;
  const host = request.headers.get('host');
  return !host || !URL.canParse(origin) || new URL(origin).host !== host;
}
