// The production HTTP server: Next's request handler behind a few lines that say where each request
// comes from. The App Router cannot see the socket, and every header can be written by the client, so
// this server removes any client-sent copy of the internal address header and sets it from the socket
// (lib/auth/client-address.ts: forwarding headers count only with TRUST_PROXY, from a trusted proxy).
// Started by scripts/start.ts (`npm start`, `npm run demo`); run it directly only after `next build`.
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { CLIENT_HEADER, parseTrustedProxies, resolveClientAddress, signClientAddress } from '../lib/auth/client-address';
import { getEnv } from '../lib/env';

async function main(): Promise<void> {
  const env = getEnv();
  const trustedProxies = parseTrustedProxies(env.TRUSTED_PROXIES);
  const app = next({ dev: false, dir: path.resolve(__dirname, '..'), port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    // Two requests Next answers with a 500 before any of the app runs (found by the fuzz suite):
    // refused here with a clear 4xx instead.
    const refused = refuseBeforeNext(req);
    if (refused) {
      res.writeHead(refused.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...refused.headers });
      res.end(refused.message);
      return;
    }
    stripHeader(req, CLIENT_HEADER);
    const address = resolveClientAddress(
      { peer: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for'], realIp: req.headers['x-real-ip'] },
      { trustProxy: env.TRUST_PROXY, trustedProxies },
    );
    req.headers[CLIENT_HEADER] = signClientAddress(address, env.authSecret);
    void handle(req, res);
  });
  server.listen(env.PORT, () => console.log(`Listening on port ${env.PORT}.`));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      server.close();
      server.closeAllConnections();
      process.exit(0);
    });
  }
}

/**
 * TRACE (and TRACK, CONNECT): Next cannot build a Request for them. A Next-Router-State-Tree header
 * that is not the URI-encoded JSON array a client navigation sends: Next throws while parsing it.
 */
export function refuseBeforeNext(req: Pick<http.IncomingMessage, 'method' | 'headers'>): { status: number; message: string; headers?: Record<string, string> } | null {
  if (/^(TRACE|TRACK|CONNECT)$/i.test(req.method ?? '')) {
    return { status: 405, message: 'Method not allowed.\n', headers: { allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' } };
  }
  const tree = req.headers['next-router-state-tree'];
  if (tree !== undefined) {
    const value = Array.isArray(tree) ? tree.join(',') : tree;
    let parsed: unknown;
    try {
      parsed = JSON.parse(decodeURIComponent(value));
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) return { status: 400, message: 'Bad request: the router state header does not parse.\n' };
  }
  return null;
}

/** Removes every copy of a header the client sent, from the parsed headers and the raw list alike. */
function stripHeader(req: http.IncomingMessage, name: string): void {
  delete req.headers[name];
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i]!.toLowerCase() === name) req.rawHeaders.splice(i, 2);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
