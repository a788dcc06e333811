// The production HTTP server: Next's request handler behind a few lines that say where each request
// comes from. The App Router cannot see the socket, and every header can be written by the client, so
// this server removes any client-sent copy of the internal address header and sets it from the socket
// (lib/auth/client-address.ts: forwarding headers count only with TRUST_PROXY, from a trusted proxy).
// Started by scripts/start.ts (`npm start`, `npm run demo`); run it directly only after `next build`.
//
// On PostgreSQL it serves with WEB_PROCESSES web processes (default: one per core) on one port through
// node:cluster: this process loads no app code, starts them, starts again one that dies (and says so),
// and on Ctrl+C or SIGTERM stops them all. The embedded database allows one process: it serves itself.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  CLIENT_HEADER,
  parseTrustedProxies,
  resolveClientAddress,
  signClientAddress,
} from '../lib/auth/client-address';
import { Client } from 'pg';
import { notReadyMessage, schemaState } from '../lib/db/schema-ready';
import { getEnv, type Env } from '../lib/env';
import { readyMessageFile } from './ready-message';
import { webProcessEnv, webProcessFlags } from './web-process-flags';

async function main(): Promise<void> {
  const env = getEnv();
  void env.authSecret; // read on every request: a missing one stops the server now, not at its first request
  // What scripts/start.sh used to be told by the launcher, now that the launcher has exited before this starts.
  process.env.NEXTAUTH_URL ??= env.APP_URL;
  const compiledWorker = path.join(__dirname, 'reinstate-pdf-worker.cjs');
  if (!process.env.REINSTATE_PDF_WORKER && __filename.endsWith('.cjs') && fs.existsSync(compiledWorker))
    process.env.REINSTATE_PDF_WORKER = compiledWorker;
  if (env.embedded) return serve(env, '');
  if (cluster.isPrimary) {
    // A database its migrations have not reached: say so and stop before any web process starts (each would
    // stop at its own start, instrumentation.ts, and be started again). With a plain client: no app code here.
    await refuseUnreadyDatabase(env);
    return supervise(env.webProcesses, await compiledEntry(), env.PORT);
  }
  process.on('disconnect', () => process.exit(0)); // the supervising process is gone (even by kill -9): stop too
  return serve(env, `Web process ${cluster.worker!.id} (pid ${process.pid}): `);
}

/** One web process: Next's handler behind the client-address header. */
async function serve(env: Env, label: string): Promise<void> {
  const trustedProxies = parseTrustedProxies(env.TRUSTED_PROXIES);
  const { default: next } = await import('next'); // only here: the supervising process never loads Next
  const app = next({ dev: false, dir: path.resolve(__dirname, '..'), port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    // Two requests Next answers with a 500 before any of the app runs (found by the fuzz suite):
    // refused here with a clear 4xx instead.
    const refused = refuseBeforeNext(req);
    if (refused) {
      res.writeHead(refused.status, {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
        ...refused.headers,
      });
      res.end(refused.message);
      return;
    }
    stripHeader(req, CLIENT_HEADER);
    const address = resolveClientAddress(
      {
        peer: req.socket.remoteAddress,
        forwardedFor: req.headers['x-forwarded-for'],
        realIp: req.headers['x-real-ip'],
      },
      { trustProxy: env.TRUST_PROXY, trustedProxies },
    );
    req.headers[CLIENT_HEADER] = signClientAddress(address, env.authSecret);
    void handle(req, res);
  });
  server.listen(env.PORT, () => {
    console.log(`${label}Listening on port ${env.PORT}.`);
    if (!label) sayReady(env.PORT); // the embedded database's one process; with web processes, the supervisor says it
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => stop(server, label));
}

/** How long requests already being served (an upload, a save) may take to finish once the server is stopping. */
const STOP_GRACE_MS = 8_000;
let stopping = false;

/**
 * Stopping (Ctrl+C; SIGTERM from a deploy or from the supervising process, which kills what is left after
 * 10 s): no new connections; requests being served finish, for up to STOP_GRACE_MS; then the database is
 * closed (lib/db/client.ts) and the process exits. A request still running then is cut off, as in a crash:
 * it was not answered, so nothing acknowledged is lost either way.
 */
function stop(server: http.Server, label: string): void {
  if (stopping) return;
  stopping = true;
  server.close();
  // A kept-alive connection goes once its response is sent.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  let finished = false;
  // Once: when the grace period runs out, cutting the connections off also fires the server's 'close'.
  const finish = async (how: string) => {
    if (finished) return;
    finished = true;
    clearInterval(idle);
    server.closeAllConnections();
    const db = (globalThis as { __reinstateDb?: { stop?: () => Promise<void> } }).__reinstateDb;
    const closed = await db?.stop?.().then(
      () => 'the database closed',
      (err: unknown) => `the database not closed cleanly (${err instanceof Error ? err.message : String(err)})`,
    );
    console.log(`${label}Stopped ${how}${closed ? `; ${closed}` : ''}.`);
    process.exit(0);
  };
  const timer = setTimeout(
    () => void finish(`after ${STOP_GRACE_MS / 1000} s, cutting off the requests still running`),
    STOP_GRACE_MS,
  );
  server.on('close', () => {
    clearTimeout(timer);
    void finish('once the requests being served had finished');
  });
}

/** Prints the "where to log in" message scripts/start.ts left (once: it is deleted after). */
function sayReady(port: number): void {
  const file = readyMessageFile(path.resolve(__dirname, '..'), port);
  try {
    console.log(fs.readFileSync(file, 'utf8'));
    fs.rmSync(file, { force: true });
  } catch {
    /* started directly, not by npm start: nothing to say */
  }
}

/** Stops with a message, before any web process starts, when the database is not ready (lib/db/schema-ready.ts). */
async function refuseUnreadyDatabase(env: Env): Promise<void> {
  const client = new Client({ connectionString: env.DATABASE_URL });
  try {
    // Connecting inside the query: a database that does not exist is reported as such.
    const state = await schemaState(path.resolve(__dirname, '..'), async (sql) => {
      await client.connect();
      return (await client.query<{ name: string }>(sql)).rows;
    });
    if (state.ready) return;
    console.error(notReadyMessage(state));
    process.exit(1);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** This file as one CommonJS script for the web processes (already so when the launcher started it compiled). */
async function compiledEntry(): Promise<string> {
  if (__filename.endsWith('.cjs')) return __filename;
  const { compileScript } = await import('./compile-script');
  return compileScript('scripts/serve.ts', 'reinstate-serve.cjs');
}

/**
 * Runs `count` web processes sharing the port. One that dies (a crash, the out-of-memory killer) is
 * started again after a pause that grows while they keep dying young; if none ever starts listening
 * (a broken build or setting), everything stops with an error instead of trying for ever.
 */
function supervise(count: number, entry: string, port: number): void {
  // Each web process gets the heap cap scripts/start.sh gave this one (WEB_HEAP_MB), the garbage collection that
  // suits how many there are and two malloc arenas (./web-process-flags.ts), nothing else.
  cluster.setupPrimary({ exec: entry, execArgv: webProcessFlags(count) });
  const env = webProcessEnv();
  let stopping = false;
  let everListened = false;
  let youngDeaths = 0;
  let exitCode = 0;
  const bornAt = new Map<number, number>();
  const fork = () => bornAt.set(cluster.fork(env).id, Date.now());
  console.log(`Serving with ${count} web process${count === 1 ? '' : 'es'} (WEB_PROCESSES).`);
  cluster.on('listening', () => {
    if (!everListened) sayReady(port);
    everListened = true;
  });
  cluster.on('exit', (worker, code, signal) => {
    const ranMs = Date.now() - (bornAt.get(worker.id) ?? Date.now());
    bornAt.delete(worker.id);
    if (stopping || (code === 0 && !signal)) {
      // Stopped on purpose (Ctrl+C reaches every process of the terminal's group; SIGTERM sent to it).
      // Counted here, not from cluster.workers, which may still list a process that has exited.
      if (bornAt.size === 0) process.exit(exitCode);
      return;
    }
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    if (!everListened) {
      console.error(`Web process ${worker.process.pid} ${how} before serving: see the messages above. Stopping.`);
      stopAll(1);
      return;
    }
    youngDeaths = ranMs < 60_000 ? youngDeaths + 1 : 0;
    const delayMs = youngDeaths === 0 ? 0 : Math.min(30_000, 500 * 2 ** youngDeaths);
    console.error(
      `Web process ${worker.process.pid} ${how} after ${Math.round(ranMs / 1000)} s; starting another${delayMs ? ` in ${delayMs / 1000} s` : ''}.`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delayMs);
  });
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {});
    if (bornAt.size === 0) process.exit(exitCode);
    console.log(`Stopping ${bornAt.size} web process${bornAt.size === 1 ? '' : 'es'}.`);
    for (const w of workers) w?.process.kill('SIGTERM');
    // Whatever has not stopped in 10 s is stopped by force.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(exitCode);
    }, 10_000).unref();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => stopAll(0));
  for (let i = 0; i < count; i++) fork();
}

/**
 * TRACE (and TRACK, CONNECT): Next cannot build a Request for them. A Next-Router-State-Tree header
 * that is not the URI-encoded JSON array a client navigation sends: Next throws while parsing it.
 */
export function refuseBeforeNext(
  req: Pick<http.IncomingMessage, 'method' | 'headers'>,
): { status: number; message: string; headers?: Record<string, string> } | null {
  if (/^(TRACE|TRACK|CONNECT)$/i.test(req.method ?? '')) {
    return {
      status: 405,
      message: 'Method not allowed.\n',
      headers: { allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' },
    };
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
    if (!Array.isArray(parsed))
      return { status: 400, message: 'Bad request: the router state header does not parse.\n' };
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
