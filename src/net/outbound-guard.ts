import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * The one way out of Loupe to an address a shop chose (its mail server, its webhook) or any other
 * outside service (Twilio, calendars): names are resolved and every address checked at connect time,
 * on the address actually connected to, so neither a literal private address nor a name that resolves
 * (or re-resolves, DNS rebinding) to one reaches the inside network. Redirects are never followed.
 * An operator, never a shop, may allow named hosts (LOUPE_OUTBOUND_ALLOW) for local testing.
 */

// ---------------------------------------------------------------------------------------------
// Which addresses are the public internet

interface Range {
  name: string;
  list: net.BlockList;
  family: 'ipv4' | 'ipv6';
}

function range(address: string, prefix: number, name: string): Range {
  const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
  const list = new net.BlockList();
  list.addSubnet(address, prefix, family);
  return { name, list, family };
}

// First match names the range; broadcast comes before the reserved block that holds it.
const ipv4Ranges: Range[] = [
  range('0.0.0.0', 8, 'unspecified ("this network")'),
  range('10.0.0.0', 8, 'private (RFC 1918)'),
  range('100.64.0.0', 10, 'shared address space (carrier-grade NAT)'),
  range('127.0.0.0', 8, 'loopback'),
  range('169.254.0.0', 16, 'link-local (cloud metadata)'),
  range('172.16.0.0', 12, 'private (RFC 1918)'),
  range('192.0.0.0', 24, 'IETF protocol assignments'),
  range('192.0.2.0', 24, 'documentation'),
  range('192.88.99.0', 24, '6to4 relay anycast'),
  range('192.168.0.0', 16, 'private (RFC 1918)'),
  range('198.18.0.0', 15, 'benchmarking'),
  range('198.51.100.0', 24, 'documentation'),
  range('203.0.113.0', 24, 'documentation'),
  range('224.0.0.0', 4, 'multicast'),
  range('255.255.255.255', 32, 'broadcast'),
  range('240.0.0.0', 4, 'reserved'),
];

const ipv6Ranges: Range[] = [
  range('::', 128, 'unspecified'),
  range('::1', 128, 'loopback'),
  range('::', 96, 'IPv4-compatible (deprecated)'),
  range('64:ff9b:1::', 48, 'local-use NAT64'),
  range('100::', 64, 'discard-only'),
  range('2001::', 23, 'IETF protocol assignments (Teredo, benchmarking, ORCHID)'),
  range('2001:db8::', 32, 'documentation'),
  range('2002::', 16, '6to4 (deprecated)'),
  range('3fff::', 20, 'documentation'),
  range('5f00::', 16, 'segment routing'),
  range('fc00::', 7, 'unique local'),
  range('fe80::', 10, 'link-local'),
  range('fec0::', 10, 'site-local (deprecated)'),
  range('ff00::', 8, 'multicast'),
];
const globalUnicast = range('2000::', 3, 'global unicast');

/** An IPv6 address as its eight 16-bit words (a zone id dropped), or null when it is none. */
function ipv6Words(address: string): number[] | null {
  let s = address.replace(/%.*$/, '').toLowerCase();
  if (!net.isIPv6(s)) return null;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const part = (p: string) => (p === '' ? [] : p.split(':').map((w) => Number.parseInt(w, 16)));
  if (tail === undefined) return part(head);
  const h = part(head);
  const t = part(tail);
  return [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * Why Loupe will not connect to this address (the name of its range), or null for a public one.
 * IPv4-mapped (::ffff:127.0.0.1, ::ffff:7f00:1) and NAT64 (64:ff9b::/96) addresses are judged by the
 * IPv4 address inside them; anything that is not an IP address is refused.
 */
export function blockedRange(address: string): string | null {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if (net.isIPv4(bare)) return ipv4Ranges.find((r) => r.list.check(bare, 'ipv4'))?.name ?? null;
  const w = ipv6Words(bare);
  if (w?.length !== 8) return 'not an IP address';
  const [w0, w1, w2, w3, w4, w5, w6 = 0, w7 = 0] = w;
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0xffff) {
    const inner = blockedRange(v4Of(w6, w7));
    return inner && `IPv4-mapped ${inner}`;
  }
  if (w0 === 0x64 && w1 === 0xff9b && w2 === 0 && w3 === 0 && w4 === 0 && w5 === 0) {
    const inner = blockedRange(v4Of(w6, w7));
    return inner && `NAT64 of ${inner}`;
  }
  const canonical = w.map((x) => x.toString(16)).join(':');
  const hit = ipv6Ranges.find((r) => r.list.check(canonical, 'ipv6'));
  if (hit) return hit.name;
  return globalUnicast.list.check(canonical, 'ipv6') ? null : 'reserved (outside global unicast)';
}

export const isPublicAddress = (address: string) => blockedRange(address) === null;

// ---------------------------------------------------------------------------------------------
// What the operator allows

/** A host the operator lets Loupe reach whatever it resolves to; no port means any port. */
export interface OutboundAllowEntry {
  host: string;
  port: number | null;
}

/** A host name or address in one canonical form (lower case, IPv6 compressed, no brackets), or null. */
export function canonicalHost(host: string): string | null {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (bare === '' || /[\s/?#@]/.test(bare)) return null;
  try {
    const hostname = new URL(`http://${net.isIPv6(bare) ? `[${bare}]` : bare}/`).hostname;
    return hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  } catch {
    return null;
  }
}

const hostName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** One `host`, `host:port`, `[v6]` or `[v6]:port` entry, or null when it is not one. */
function parseAllowEntry(entry: string): OutboundAllowEntry | null {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? (net.isIPv6(entry) ? [entry, entry] : /^([^:]+)(?::(\d+))?$/.exec(entry));
  if (!m?.[1]) return null;
  const raw = m[1];
  if (m[0].startsWith('[') && !net.isIPv6(raw)) return null;
  const host = canonicalHost(raw);
  if (!host || !(net.isIP(host) || hostName.test(host))) return null;
  const portText = m[2];
  if (portText === undefined) return { host, port: null };
  if (!/^[1-9]\d{0,4}$/.test(portText) || Number(portText) > 65535) return null;
  return { host, port: Number(portText) };
}

/** A comma-separated allowance (LOUPE_OUTBOUND_ALLOW), or null when an entry is malformed. */
export function parseOutboundAllow(value: string): OutboundAllowEntry[] | null {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map(parseAllowEntry);
  return entries.every((e) => e !== null) ? entries : null;
}

// ---------------------------------------------------------------------------------------------
// The guard

/**
 * Why an outbound request did not get an answer. `blocked` and `unreachable` are for the operator's
 * eyes (logs); what a shop is shown must not tell them apart, or the log becomes a port scanner.
 */
export class OutboundError extends Error {
  /** The HTTP status, for a redirect (or an answer too large to keep). */
  readonly status: number | undefined;

  constructor(
    readonly kind: 'blocked' | 'unreachable' | 'redirect' | 'too-large',
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OutboundError';
    this.status = options?.status;
  }
}

export type Resolver = (hostname: string) => Promise<dns.LookupAddress[]>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface OutboundGuardOptions {
  /** Hosts the operator allows whatever they resolve to. */
  allow?: readonly OutboundAllowEntry[];
  /** How names are resolved; the system resolver unless a test stands in for DNS. */
  resolve?: Resolver;
}

export interface GuardedRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | URLSearchParams;
  signal?: AbortSignal;
  /** The most the whole request may take, answer included (30 s unless said), whatever `signal` does. */
  timeoutMs?: number;
  /** The most of the answer's body kept (1 MiB unless said). */
  maxBytes?: number;
}

const nullBodyStatus = new Set([204, 205, 304]);

export class OutboundGuard {
  private readonly allow: readonly OutboundAllowEntry[];
  private readonly resolve: Resolver;

  constructor(options: OutboundGuardOptions = {}) {
    this.allow = options.allow ?? [];
    this.resolve = options.resolve ?? systemResolver;
  }

  /** Whether the operator allows this host (as named, not as resolved) on this port. */
  allows(host: string, port: number): boolean {
    const h = canonicalHost(host);
    return h !== null && this.allow.some((a) => a.host === h && (a.port === null || a.port === port));
  }

  /**
   * A `lookup` for net/tls/http that resolves the name and refuses it when any of its addresses is
   * not public. Node skips `lookup` for a literal address, so connect() and fetch() check those first.
   */
  readonly lookup: net.LookupFunction = (hostname, options, callback) => this.lookupWith(true, hostname, options, callback);

  /** The same resolution without the check, for a host the operator allows. */
  private readonly allowedLookup: net.LookupFunction = (hostname, options, callback) => this.lookupWith(false, hostname, options, callback);

  private lookupWith(check: boolean, ...[hostname, options, callback]: Parameters<net.LookupFunction>) {
    this.resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const addresses = family === 0 ? found : found.filter((a) => a.family === family);
        const bad = check ? addresses.find((a) => blockedRange(a.address) !== null) : undefined;
        if (bad) return callback(refusal(`${hostname} resolves to ${bad.address}`, blockedRange(bad.address) ?? ''), '');
        const first = addresses[0];
        if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
        if (options.all) return callback(null, addresses);
        callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  }

  /** What a connection to host:port must check: nothing (allowed), a literal address now, or the names it resolves. */
  private plan(host: string, port: number): { host: string; lookup?: net.LookupFunction; checked: boolean } {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    if (this.allows(bare, port)) return { host: bare, checked: false, ...(net.isIP(bare) ? {} : { lookup: this.allowedLookup }) };
    if (net.isIP(bare)) {
      const why = blockedRange(bare);
      if (why) throw refusal(bare, why);
      return { host: bare, checked: true };
    }
    return { host: bare, lookup: this.lookup, checked: true };
  }

  /** The socket's far end, checked again once connected (unless the operator allows the host). */
  private static verify(socket: net.Socket, checked: boolean): OutboundError | null {
    if (!checked) return null;
    const remote = socket.remoteAddress ?? '';
    const why = blockedRange(remote);
    return why ? refusal(remote, why) : null;
  }

  /** A plain TCP connection to host:port (a mail server: nodemailer upgrades it to TLS itself). */
  connect(target: { host: string; port: number; timeoutMs: number; signal?: AbortSignal }): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      let plan: ReturnType<OutboundGuard['plan']>;
      try {
        plan = this.plan(target.host, target.port);
      } catch (err) {
        reject(err);
        return;
      }
      const socket = net.connect({ host: plan.host, port: target.port, ...(plan.lookup ? { lookup: plan.lookup } : {}) });
      const done = () => {
        clearTimeout(timer);
        target.signal?.removeEventListener('abort', onAbort);
        socket.off('error', fail);
        // Whoever takes the socket adds its own listener; this one keeps a late error (after they let go) from crashing the process.
        socket.on('error', () => undefined);
      };
      const fail = (err: unknown) => {
        done();
        socket.destroy();
        reject(asOutbound(err, `${target.host}:${target.port}`));
      };
      const onAbort = () => fail(new OutboundError('unreachable', `gave up connecting to ${target.host}:${target.port}`, { cause: target.signal?.reason }));
      const timer = setTimeout(
        () => fail(new OutboundError('unreachable', `no connection to ${target.host}:${target.port} within ${target.timeoutMs} ms`)),
        target.timeoutMs,
      );
      target.signal?.addEventListener('abort', onAbort, { once: true });
      if (target.signal?.aborted) onAbort();
      socket.once('error', fail);
      socket.once('connect', () => {
        const refused = OutboundGuard.verify(socket, plan.checked);
        if (refused) return fail(refused);
        done();
        resolve(socket);
      });
    });
  }

  /**
   * An HTTP(S) request through the guard. Redirects are refused (an OutboundError of kind `redirect`
   * with the status), never followed; the body is read whole, up to `maxBytes`.
   */
  async fetch(url: string | URL, init: GuardedRequest = {}): Promise<Response> {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new OutboundError('blocked', `${target.protocol} is not http(s)`);
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const plan = this.plan(target.hostname, port);
    const body =
      init.body === undefined ? undefined : typeof init.body === 'string' || init.body instanceof URLSearchParams ? Buffer.from(String(init.body)) : init.body;
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const where = `${target.hostname}:${port}`;
    const deadline = AbortSignal.timeout(init.timeoutMs ?? 30_000);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = (target.protocol === 'https:' ? https : http).request(target, {
        method: init.method ?? 'GET',
        headers,
        agent: false,
        ...(plan.lookup ? { lookup: plan.lookup } : {}),
        signal,
      });
      req.once('socket', (socket) => {
        const check = () => {
          const refused = OutboundGuard.verify(socket, plan.checked);
          if (refused) req.destroy(refused);
        };
        if (socket.connecting) socket.once('connect', check);
        else check();
      });
      req.once('response', resolve);
      req.once('error', (err) => reject(asOutbound(err, where)));
      req.end(body);
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      res.destroy();
      throw new OutboundError('redirect', `${where} answered ${status} (a redirect), which is not followed`, { status });
    }
    if (status < 200 || status > 599) {
      res.destroy();
      throw new OutboundError('unreachable', `${where} answered with status ${status}, which is not HTTP`);
    }
    const max = init.maxBytes ?? 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        if (size > max) {
          res.destroy();
          throw new OutboundError('too-large', `${where} answered more than ${max} bytes`, { status });
        }
        chunks.push(chunk);
      }
    } catch (err) {
      throw asOutbound(err, where);
    }
    const answerHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) answerHeaders.append(name, v);
    }
    return new Response(nullBodyStatus.has(status) ? null : Buffer.concat(chunks), {
      status,
      statusText: res.statusMessage ?? '',
      headers: answerHeaders,
    });
  }
}

function refusal(what: string, why: string) {
  return new OutboundError('blocked', `refused to connect to ${what}: ${why} addresses are not reachable from Loupe`);
}

function asOutbound(err: unknown, where: string): OutboundError {
  if (err instanceof OutboundError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new OutboundError('unreachable', `could not reach ${where}: ${reason}`, { cause: err });
}
