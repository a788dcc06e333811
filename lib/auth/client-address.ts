import crypto from 'node:crypto';
import net from 'node:net';

// Where a request comes from, for audit rows and per-address throttling. Next's App Router does not
// expose the socket, so the app's own server (scripts/serve.ts) works the address out from the socket
// (and, only with TRUST_PROXY, from the proxies' headers), and hands it on in CLIENT_HEADER, signed.
// Whatever a client sends in that header is removed first; the signature makes a copy sent to a server
// started some other way (`next start`, `next dev`) worthless: the address then reads as unknown.

/** The internal header carrying the client address from scripts/serve.ts to the app. */
export const CLIENT_HEADER = 'x-reinstate-client';
/** The address when it is not known (no socket information, or a bad signature). */
export const UNKNOWN_ADDRESS = 'local';

const MAX_LENGTH = 64;

/** Parses TRUSTED_PROXIES ("127.0.0.1/8,::1/128,10.1.2.3"); throws with the bad entry named. */
export function parseTrustedProxies(list: string): net.BlockList {
  const blocks = new net.BlockList();
  for (const entry of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const type = net.isIPv4(address ?? '') ? 'ipv4' : net.isIPv6(address ?? '') ? 'ipv6' : null;
    const prefix = bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits);
    if (!type || !Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) {
      throw new Error(
        `Invalid environment:\n  TRUSTED_PROXIES: "${entry}" is not an address or a network like 10.0.0.0/8`,
      );
    }
    blocks.addSubnet(address!, prefix, type);
  }
  return blocks;
}

/** "::ffff:203.0.113.7" (IPv4 on a dual-stack socket) → "203.0.113.7"; anything else as it is. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

function isTrusted(address: string, trusted: net.BlockList): boolean {
  if (net.isIPv4(address)) return trusted.check(address, 'ipv4');
  if (net.isIPv6(address)) return trusted.check(address, 'ipv6');
  return false;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

/**
 * The client's address. Without TRUST_PROXY: the socket's peer, always; forwarding headers are
 * ignored. With TRUST_PROXY, and only when the peer itself is a trusted proxy: the right-most entry of
 * X-Forwarded-For that is not a trusted proxy (each proxy appends the address it saw, so everything to
 * the left of the last untrusted hop was written by the client and proves nothing), else X-Real-IP.
 */
export function resolveClientAddress(
  input: { peer: string | undefined; forwardedFor?: string | string[]; realIp?: string | string[] },
  options: { trustProxy: boolean; trustedProxies: net.BlockList },
): string {
  const peer = input.peer ? normaliseAddress(input.peer) : '';
  if (!net.isIP(peer)) return UNKNOWN_ADDRESS;
  if (!options.trustProxy || !isTrusted(peer, options.trustedProxies)) return peer;
  const hops = (first(input.forwardedFor) ?? '').split(',').map(normaliseAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!net.isIP(hop)) return peer; // a malformed hop: nothing left of it can be believed, and this one is not an address
    if (!isTrusted(hop, options.trustedProxies)) return hop;
  }
  if (hops.length) return hops[0]!; // every hop is a trusted proxy: the first is as far as we can see
  const real = normaliseAddress(first(input.realIp) ?? '');
  return net.isIP(real) ? real : peer;
}

function signature(address: string, secret: string): string {
  return crypto
    .createHmac('sha256', secret)
    .update(`reinstate/client-address/${address}`)
    .digest('base64url')
    .slice(0, 22);
}

/** The header value: the address and an HMAC of it under the app's secret. */
export function signClientAddress(address: string, secret: string): string {
  const value = address.slice(0, MAX_LENGTH);
  return `${value} ${signature(value, secret)}`;
}

/** The address from CLIENT_HEADER, or UNKNOWN_ADDRESS when the header is missing or its signature is wrong. */
export function readClientAddress(header: string | string[] | null | undefined, secret: string): string {
  const value = Array.isArray(header) ? header[0] : header;
  const [address, sig] = (value ?? '').split(' ');
  if (!address || !sig || address.length > MAX_LENGTH) return UNKNOWN_ADDRESS;
  const expected = Buffer.from(signature(address, secret));
  const given = Buffer.from(sig);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? address : UNKNOWN_ADDRESS;
}
