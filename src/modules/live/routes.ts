import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import type { App } from '../../http/types.js';

const HEARTBEAT_MS = 20_000;

/**
 * `GET /api/v1/events`: a server-sent event stream of this shop's job changes
 * (`event: job`, `data: { "kind": "bespoke", "id": "…" }`), so open boards refresh within moments.
 */
export function liveRoutes(app: App, deps: AppDeps) {
  // Open streams never finish by themselves: end them when the server closes, or closing would wait forever.
  const open = new Set<{ end(): void }>();
  app.addHook('onClose', async () => {
    for (const res of open) res.end();
  });
  app.get('/api/v1/events', { schema: { tags: ['Live'], summary: "A server-sent event stream of this shop's job changes" } }, (req, reply) => {
    const actor = actorOf(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    const unsubscribe = deps.live.subscribe(actor.shopId, (event) => res.write(`event: job\ndata: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    open.add(res);
    req.raw.on('close', () => {
      open.delete(res);
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
