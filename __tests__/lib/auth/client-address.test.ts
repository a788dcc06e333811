import {
  CLIENT_HEADER,
  UNKNOWN_ADDRESS,
  parseTrustedProxies,
  readClientAddress,
  resolveClientAddress,
  signClientAddress,
} from '@/lib/auth/client-address';
import { clientIpFrom } from '@/lib/auth/options';
import { getEnv } from '@/lib/env';

// Where a request comes from: the socket, and forwarding headers only from a trusted proxy.
const trusted = parseTrustedProxies('127.0.0.1/8,::1/128,10.0.0.0/8');
const behindProxy = { trustProxy: true, trustedProxies: trusted };
const direct = { trustProxy: false, trustedProxies: trusted };

describe('resolveClientAddress', () => {
  it('without TRUST_PROXY takes the socket address and ignores every header the client can write', () => {
    expect(resolveClientAddress({ peer: '203.0.113.7', forwardedFor: '1.2.3.4', realIp: '5.6.7.8' }, direct)).toBe(
      '203.0.113.7',
    );
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4', realIp: '5.6.7.8' }, direct)).toBe(
      '127.0.0.1',
    );
    expect(resolveClientAddress({ peer: '::ffff:198.51.100.3' }, direct)).toBe('198.51.100.3');
    expect(resolveClientAddress({ peer: undefined }, direct)).toBe(UNKNOWN_ADDRESS);
  });

  it('with TRUST_PROXY reads the headers only when the socket is a trusted proxy', () => {
    expect(resolveClientAddress({ peer: '203.0.113.7', forwardedFor: '1.2.3.4' }, behindProxy)).toBe('203.0.113.7');
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4' }, behindProxy)).toBe('1.2.3.4');
  });

  it('takes the right-most hop that is not a trusted proxy: what the client wrote to the left proves nothing', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the edge proxy appended the address it saw, then an inner proxy its own.
    expect(
      resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '6.6.6.6, 198.51.100.9, 10.1.2.3' }, behindProxy),
    ).toBe('198.51.100.9');
    expect(
      resolveClientAddress({ peer: '127.0.0.1', forwardedFor: ['6.6.6.6, 198.51.100.9', '10.1.2.3'] }, behindProxy),
    ).toBe('198.51.100.9');
    expect(resolveClientAddress({ peer: '::1', forwardedFor: '2001:db8::1' }, behindProxy)).toBe('2001:db8::1');
    // Every hop a trusted proxy: the left-most is as far as anyone can see.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '10.0.0.5, 10.0.0.6' }, behindProxy)).toBe(
      '10.0.0.5',
    );
    // A hop that is not an address stops the walk: the proxy itself is the answer.
    expect(resolveClientAddress({ peer: '127.0.0.1', forwardedFor: '1.2.3.4, unknown' }, behindProxy)).toBe(
      '127.0.0.1',
    );
  });

  it('falls back to X-Real-IP from a trusted proxy, and to the socket when there is nothing usable', () => {
    expect(resolveClientAddress({ peer: '127.0.0.1', realIp: '198.51.100.4' }, behindProxy)).toBe('198.51.100.4');
    expect(resolveClientAddress({ peer: '127.0.0.1', realIp: 'garbage' }, behindProxy)).toBe('127.0.0.1');
    expect(resolveClientAddress({ peer: '127.0.0.1' }, behindProxy)).toBe('127.0.0.1');
  });
});

describe('parseTrustedProxies', () => {
  it('accepts addresses and networks, and names a bad entry', () => {
    const list = parseTrustedProxies(' 192.0.2.10 , 2001:db8:1::/48');
    expect(list.check('192.0.2.10', 'ipv4')).toBe(true);
    expect(list.check('192.0.2.11', 'ipv4')).toBe(false);
    expect(list.check('2001:db8:1:ffff::1', 'ipv6')).toBe(true);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('TRUSTED_PROXIES: "10.0.0.0/33"');
    expect(() => parseTrustedProxies('proxy.internal')).toThrow('"proxy.internal"');
  });
});

describe('the signed internal header', () => {
  const secret = getEnv().authSecret;
  it('carries the address from the server to the app, and is worthless forged or without the secret', () => {
    const value = signClientAddress('198.51.100.7', secret);
    expect(readClientAddress(value, secret)).toBe('198.51.100.7');
    expect(clientIpFrom({ [CLIENT_HEADER]: value })).toBe('198.51.100.7');
    expect(readClientAddress(value.replace('198.51.100.7', '198.51.100.8'), secret)).toBe(UNKNOWN_ADDRESS);
    expect(readClientAddress(signClientAddress('198.51.100.7', 'another secret of enough length!!'), secret)).toBe(
      UNKNOWN_ADDRESS,
    );
    expect(readClientAddress('198.51.100.7', secret)).toBe(UNKNOWN_ADDRESS);
    for (const bad of [undefined, null, '', ' ', `${'x'.repeat(100)} sig`])
      expect(readClientAddress(bad, secret)).toBe(UNKNOWN_ADDRESS);
    // next-auth's request object: X-Forwarded-For and X-Real-IP are never read.
    expect(clientIpFrom({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '10.0.0.1' })).toBe(UNKNOWN_ADDRESS);
  });
});
