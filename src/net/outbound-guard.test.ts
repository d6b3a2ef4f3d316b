import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedRange, OutboundError, OutboundGuard, parseOutboundAllow, type Resolver } from './outbound-guard.js';

describe('which addresses are the public internet', () => {
  const refused = [
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::7f00:1', 'IPv4-compatible (deprecated)'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 of private (RFC 1918)'],
    ['10.0.0.1', 'private (RFC 1918)'],
    ['172.16.0.1', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.1.1', 'private (RFC 1918)'],
    ['::ffff:192.168.1.1', 'IPv4-mapped private (RFC 1918)'],
    ['100.64.0.1', 'shared address space (carrier-grade NAT)'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local (cloud metadata)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd00::2', 'unique local'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['2002:7f00:1::1', '6to4 (deprecated)'],
    ['::ffff:0:7f00:1', 'reserved (outside global unicast)'],
    ['localhost', 'not an IP address'],
  ] as const;
  it.each(refused)('refuses %s (%s)', (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  const allowed = ['93.184.216.34', '2606:4700::1111', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '::ffff:93.184.216.34', '64:ff9b::8.8.8.8'];
  it.each(allowed)('allows %s', (address) => {
    expect(blockedRange(address)).toBeNull();
  });
});

describe("the operator's allowance", () => {
  it('reads host, host:port and bracketed IPv6 entries, in one canonical form', () => {
    expect(parseOutboundAllow(' 127.0.0.1:2525, Mail.Example.TEST ,[::1]:25, 0:0::1 ,')).toEqual([
      { host: '127.0.0.1', port: 2525 },
      { host: 'mail.example.test', port: null },
      { host: '::1', port: 25 },
      { host: '::1', port: null },
    ]);
    expect(parseOutboundAllow('')).toEqual([]);
  });

  it.each(['http://mail.test', 'mail.test:0', 'mail.test:65536', 'mail.test:025', 'a b', '[mail.test]:25', 'mail.test:x', 'user@mail.test'])(
    'refuses %j',
    (entry) => {
      expect(parseOutboundAllow(entry)).toBeNull();
    },
  );

  it('matches the host as named, on the port given or any', () => {
    const guard = new OutboundGuard({ allow: parseOutboundAllow('127.0.0.1:2525,mail.test,[::1]:25') ?? [] });
    expect(guard.allows('127.0.0.1', 2525)).toBe(true);
    expect(guard.allows('127.0.0.1', 2526)).toBe(false);
    expect(guard.allows('MAIL.test.', 587)).toBe(true);
    expect(guard.allows('[::1]', 25)).toBe(true);
    expect(guard.allows('0::1', 25)).toBe(true);
    // Another name for the same address is not the name the operator allowed.
    expect(guard.allows('localhost', 2525)).toBe(false);
    expect(guard.allows('::ffff:127.0.0.1', 2525)).toBe(false);
  });
});

/** A TCP listener on loopback that counts the connections it accepts. */
async function listener(host = '127.0.0.1', port = 0) {
  const server = net.createServer((s) => {
    accepted.count++;
    s.end();
  });
  const accepted = { count: 0 };
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { port: (server.address() as AddressInfo).port, accepted, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const fakeDns =
  (table: Record<string, string[]>, calls: string[] = []): Resolver =>
  async (name) => {
    calls.push(name);
    const found = table[name];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
  };

describe('connect(): the address is checked when connecting', () => {
  let v4: Awaited<ReturnType<typeof listener>>;
  let v6: Awaited<ReturnType<typeof listener>>;
  beforeAll(async () => {
    v4 = await listener();
    v6 = await listener('::1', v4.port);
  });
  afterAll(async () => {
    await v4.close();
    await v6.close();
  });

  const refusedTargets = ['127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1', '::ffff:7f00:1', 'localhost', 'loopback.example.test', 'mixed.example.test'];
  it.each(refusedTargets)('refuses %s without connecting', async (host) => {
    const calls: string[] = [];
    const guard = new OutboundGuard({
      resolve: fakeDns(
        { localhost: ['127.0.0.1', '::1'], 'loopback.example.test': ['127.0.0.1'], 'mixed.example.test': ['93.184.216.34', '127.0.0.1'] },
        calls,
      ),
    });
    const err = await guard.connect({ host, port: v4.port, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect((err as OutboundError).kind).toBe('blocked');
    expect(v4.accepted.count + v6.accepted.count).toBe(0);
    // A name is resolved by the guard at the moment of connecting, a literal address not at all.
    expect(calls).toEqual(net.isIP(host.replace(/^\[(.*)\]$/, '$1')) ? [] : [host]);
  });

  it('resolves again on every connection, so a name that turns to loopback later (DNS rebinding) is refused then', async () => {
    let answer = '93.184.216.34';
    const guard = new OutboundGuard({ resolve: async () => [{ address: answer, family: 4 }] });
    const checked: string[] = [];
    await new Promise<void>((resolve) =>
      guard.lookup('rebind.example.test', { all: true }, (err, addresses) => {
        checked.push(err ? 'refused' : JSON.stringify(addresses));
        resolve();
      }),
    );
    answer = '127.0.0.1';
    const err = await guard.connect({ host: 'rebind.example.test', port: v4.port, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(checked).toEqual([JSON.stringify([{ address: '93.184.216.34', family: 4 }])]);
    expect((err as OutboundError).kind).toBe('blocked');
    expect(v4.accepted.count).toBe(0);
  });

  it('connects to a host the operator allows, and reports a refused port as unreachable', async () => {
    const closed = await listener();
    await closed.close();
    const guard = new OutboundGuard({ allow: parseOutboundAllow(`127.0.0.1:${v4.port},127.0.0.1:${closed.port}`) ?? [] });
    const socket = await guard.connect({ host: '127.0.0.1', port: v4.port, timeoutMs: 5_000 });
    socket.destroy();
    await expect.poll(() => v4.accepted.count).toBe(1);
    const err = await guard.connect({ host: '127.0.0.1', port: closed.port, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unreachable' });
    v4.accepted.count = 0;
  });
});

describe('fetch(): redirects are answers, never followed', () => {
  const hits = { a: 0, b: 0 };
  let a: http.Server;
  let b: http.Server;
  let portA = 0;
  let portB = 0;
  beforeAll(async () => {
    b = http.createServer((_req, res) => {
      hits.b++;
      res.writeHead(200).end('inside');
    });
    await new Promise<void>((r) => b.listen(0, '127.0.0.1', r));
    portB = (b.address() as AddressInfo).port;
    a = http.createServer((req, res) => {
      hits.a++;
      if (req.url === '/ok') res.writeHead(201, { 'x-message-id': 'm-1' }).end('made');
      else res.writeHead(307, { location: `http://127.0.0.1:${portB}/internal` }).end();
    });
    await new Promise<void>((r) => a.listen(0, '127.0.0.1', r));
    portA = (a.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => a.close(() => r()));
    await new Promise<void>((r) => b.close(() => r()));
  });

  it('answers with the status, headers and body of an allowed host', async () => {
    const guard = new OutboundGuard({
      allow: parseOutboundAllow(`hooks.example.test:${portA}`) ?? [],
      resolve: fakeDns({ 'hooks.example.test': ['127.0.0.1'] }),
    });
    const res = await guard.fetch(`http://hooks.example.test:${portA}/ok`, { method: 'POST', body: '{}' });
    expect([res.status, res.headers.get('x-message-id'), await res.text()]).toEqual([201, 'm-1', 'made']);
  });

  it('refuses a 307 to loopback even when the operator allows both hosts', async () => {
    const before = { ...hits };
    const guard = new OutboundGuard({
      allow: parseOutboundAllow(`hooks.example.test:${portA},127.0.0.1:${portB}`) ?? [],
      resolve: fakeDns({ 'hooks.example.test': ['127.0.0.1'] }),
    });
    const err = await guard.fetch(`http://hooks.example.test:${portA}/hook`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect(err).toMatchObject({ kind: 'redirect', status: 307 });
    expect(hits.a - before.a).toBe(1);
    expect(hits.b - before.b).toBe(0);
  });

  it.each(['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'localhost', '2130706433', '0x7f.1'])(
    'sends nothing to http://%s without an allowance',
    async (host) => {
      const before = hits.b;
      const guard = new OutboundGuard();
      const err = await guard.fetch(`http://${host}:${portB}/internal`).catch((e: unknown) => e);
      expect((err as OutboundError).kind).toBe('blocked');
      expect(hits.b).toBe(before);
    },
  );
});
