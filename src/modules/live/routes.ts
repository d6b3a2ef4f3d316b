import type { AppDeps } from '../../deps.js';
import { DomainError } from '../../domain/errors.js';
import { actorOf, sessionTokenOf } from '../../http/auth.js';
import { eventStream } from '../../http/openapi-problems.js';
import type { App } from '../../http/types.js';
import { sessionCache } from '../shops/session-cache.js';
import { sessionIdOf } from '../shops/session-tokens.js';
import type { Refusal } from './hub.js';

const HEARTBEAT_MS = 20_000;
/** A screen that reads less than this far behind is slow; one further behind is cut, and catches up when it reconnects. */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** Streams end only when a tab closes: a refused one tries again after this long (the staff app's own wait). */
const RETRY_AFTER_SECONDS = 30;

const refused: Record<Refusal, () => DomainError> = {
  session: () =>
    new DomainError('rate_limited', 'Too many live streams', 'This session already has as many live streams open as it may; close a tab and try again.', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    }),
  shop: () =>
    new DomainError('rate_limited', 'Too many live streams', 'Your shop already has as many live streams open as it may; close a tab and try again.', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    }),
  process: () =>
    new DomainError('rate_limited', 'Too many live streams', 'The server holds as many live streams as it can; try again shortly.', {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    }),
  ended: () => new DomainError('unauthenticated', 'Not signed in', 'This session has ended; sign in to continue'),
};

/**
 * `GET /api/v1/events`: a server-sent event stream of this shop's job changes
 * (`event: job`, `data: { "kind": "bespoke", "id": "…" }`), so open boards refresh within moments.
 * A few per session, a bounded number per shop and per process (LiveHub's limits); ended by the
 * server when the database connection is lost or comes back, and when the session signs out.
 */
export function liveRoutes(app: App, deps: AppDeps) {
  // Open streams never finish by themselves: end them when the server closes, or closing would wait forever.
  const open = new Set<{ end(): void }>();
  // A session ended on any process is forgotten here at once, not after the cache's few seconds.
  const forgetEnded = deps.live.onSessionEnded((sessionId) => sessionCache.forget(sessionId));
  app.addHook('onClose', async () => {
    forgetEnded();
    for (const res of open) res.end();
  });
  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['Live'],
        summary: "A server-sent event stream of this shop's job changes",
        produces: ['text/event-stream'],
        response: { 200: eventStream },
      },
    },
    (req, reply) => {
      const actor = actorOf(req);
      const token = sessionTokenOf(req);
      if (!token) throw new DomainError('unauthenticated', 'Not signed in', 'Sign in to continue');
      const res = reply.raw;
      const admission = deps.live.open(
        { shopId: actor.shopId, sessionId: sessionIdOf(token) },
        {
          send: (event) => {
            if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
            else res.write(`event: job\ndata: ${JSON.stringify(event)}\n\n`);
          },
          end: () => res.end(),
        },
      );
      if (!admission.ok) throw refused[admission.refusal]();
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // The browser's wait before reconnecting a stream the server ended, spread out: when the database
      // comes back, every screen is told to reconnect at once, and each then refetches its board.
      res.write(`retry: ${1_000 + Math.floor(Math.random() * 4_000)}\n: connected\n\n`);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      open.add(res);
      const closed = () => {
        open.delete(res);
        clearInterval(heartbeat);
        admission.release();
      };
      // The response's close: the stream was ended here, or the connection went away (perhaps before
      // now, while the session was looked up: then the slot is given back at once).
      res.on('close', closed);
      if (res.destroyed || res.socket?.destroyed !== false) closed();
    },
  );
}
