// What the HTTP benchmarks share: signing in as a browser would, and driving one route with autocannon,
// keeping every 2xx response's latency so the median and p95 are exact.

export type AutocannonResult = {
  requests: { total: number; average: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p97_5: number; p99: number };
};
type AutocannonInstance = NodeJS.EventEmitter & { stop: () => void };
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
const autocannon = require('autocannon') as Autocannon;

function cookiesFrom(res: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    if (i > 0) jar.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
  }
  return jar;
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in through next-auth's credentials endpoint, as a browser would; returns the Cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  if (!csrfRes.ok) throw new Error(`GET /api/auth/csrf answered ${csrfRes.status}`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error('GET /api/auth/csrf gave no csrfToken');
  const jar = cookiesFrom(csrfRes);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: `${base}/cases` }),
  });
  for (const [k, v] of cookiesFrom(res)) jar.set(k, v);
  const session = [...jar.keys()].find((k) => k.endsWith('next-auth.session-token'));
  if (!session) {
    const body = await res.text().catch(() => '');
    throw new Error(
      `Sign-in failed: POST /api/auth/callback/credentials answered ${res.status} ${body.slice(0, 300)} (no session cookie)`,
    );
  }
  const cookie = `${session}=${jar.get(session)}`;
  const me = (await (await fetch(`${base}/api/auth/session`, { headers: { cookie } })).json()) as {
    user?: { id?: string };
  };
  if (!me.user?.id) throw new Error('Signed in, but /api/auth/session shows no user');
  return cookie;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
export function median(sorted: number[]): number {
  if (!sorted.length) return NaN;
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

/** Drives `url` for `duration` seconds; pushes each 2xx latency into `latencies` when given. */
export function cannon(
  url: string,
  opts: { connections: number; duration: number; cookie?: string },
  latencies?: number[],
): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: opts.connections,
        duration: opts.duration,
        timeout: 60,
        headers: opts.cookie ? { cookie: opts.cookie } : {},
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (latencies) {
      instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      });
    }
  });
}

export type Measured = {
  requests: number;
  rps: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
};

/** A warm-up, then the measured period. */
export async function measureUrl(
  url: string,
  opts: { connections: number; duration: number; warmup: number; cookie?: string },
): Promise<Measured> {
  if (opts.warmup > 0) await cannon(url, { ...opts, duration: opts.warmup });
  const latencies: number[] = [];
  const result = await cannon(url, opts, latencies);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / result.duration,
    median: median(latencies),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
