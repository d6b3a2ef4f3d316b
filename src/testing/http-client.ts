import http from 'node:http';
import { SERVED_BY } from './haproxy.js';

export interface Answer {
  status: number;
  /** The backend that served it, as the balancer names it. */
  server: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json<T>(): T;
}

export interface CallOptions {
  cookie?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** The loopback address to call from (any of 127.0.0.0/8): another client address, as the balancer sees it. */
  localAddress?: string;
}

/**
 * One HTTP request on its own connection (no keep-alive), so a balancer chooses a backend for each;
 * JSON in and out, the way a browser page or an integration calls Loupe.
 */
export function call(base: string, method: string, url: string, opts: CallOptions = {}): Promise<Answer> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(url, base),
      {
        method,
        agent: false,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            server: String(res.headers[SERVED_BY] ?? ''),
            headers: res.headers,
            body,
            json: <T>() => JSON.parse(body) as T,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The session cookie a sign-in or sign-up answer sets, as a `cookie` header value. */
export function sessionCookieOf(answer: Answer): string {
  const set = answer.headers['set-cookie']?.find((c) => c.startsWith('loupe_session='));
  if (!set) throw new Error(`no session cookie in the answer (${answer.status}): ${answer.body}`);
  return set.split(';')[0] ?? '';
}

export interface JobEvent {
  kind: string;
  id: string;
}

/** A staff screen's live stream (`GET /api/v1/events`), read as the browser's EventSource reads it. */
export interface EventStream {
  server: string;
  events: JobEvent[];
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  /** The first event (already heard or yet to come) that `match` accepts; fails after `timeoutMs`. */
  next(match: (e: JobEvent) => boolean, timeoutMs: number): Promise<JobEvent>;
  close(): void;
}

export function openEventStream(base: string, cookie: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL('/api/v1/events', base), { agent: false, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`the event stream was refused: ${res.statusCode}`));
        return;
      }
      const events: JobEvent[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const data = lines.find((l) => l.startsWith('data: '));
          if (lines.includes('event: job') && data) events.push(JSON.parse(data.slice(6)) as JobEvent);
        }
        for (const wake of waiters) wake();
      });
      const ended = new Promise<void>((done) => res.once('close', () => done()));
      res.on('error', () => undefined);
      resolve({
        server: String(res.headers[SERVED_BY] ?? ''),
        events,
        ended,
        next: (match, timeoutMs) =>
          new Promise((found, fail) => {
            const check = () => {
              const hit = events.find(match);
              if (!hit) return;
              stop();
              found(hit);
            };
            const timer = setTimeout(() => {
              stop();
              fail(new Error(`no matching event within ${timeoutMs / 1000} s; heard ${JSON.stringify(events)}`));
            }, timeoutMs);
            const stop = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
