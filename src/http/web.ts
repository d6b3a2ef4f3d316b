import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const webRoot = path.resolve(import.meta.dirname, '../../web');
export const webDist = path.join(webRoot, 'dist');
const indexHtml = () => path.join(webDist, 'index.html');

/** Paths the SPA never answers for: the API keeps its problem+json 404s. */
const serverOwned = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/healthz');
const looksLikeFile = (pathname: string) => /\.[a-z0-9]{1,8}$/i.test(pathname.slice(pathname.lastIndexOf('/') + 1));

let building: Promise<void> | undefined;

/** Builds the SPA with Vite's JS API; concurrent callers share one build. */
export function buildWeb(): Promise<void> {
  building ??= (async () => {
    const { build } = await import('vite');
    await build({ configFile: path.join(webRoot, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  })().finally(() => {
    building = undefined;
  });
  return building;
}

function sendBuilding(reply: FastifyReply) {
  return reply
    .code(503)
    .header('retry-after', '2')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>Loupe is starting</title></head>' +
        '<body style="font-family:system-ui;padding:3rem;color:#333"><h1>Loupe is getting ready</h1><p>The web app is being built; this page reloads by itself.</p></body></html>',
    );
}

/**
 * `npm run dev`: Vite in middleware mode on Loupe's own port, so the staff app is served from source
 * with hot reload (its websocket rides the same server) and the API needs no proxy or second origin.
 */
export async function webAppFromSource(app: FastifyInstance): Promise<void> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: path.join(webRoot, 'vite.config.ts'),
    appType: 'spa',
    server: { middlewareMode: true, hmr: { server: app.server } },
  });
  app.addHook('onClose', () => vite.close());
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    if (serverOwned(req.url.split('?')[0] ?? '/')) return reply.callNotFound();
    reply.hijack();
    vite.middlewares(req.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end();
    });
  });
}

/**
 * The staff web app at `/`: built assets from web/dist (hashed ones cached for a year, pre-compressed
 * copies preferred), and index.html for every other GET so the SPA's own routes load on reload.
 * A server that starts listening without a build makes one, and answers 503 until it is there.
 */
export async function webApp(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: webDist, serve: false, preCompressed: true, wildcard: false });

  app.addHook('onListen', async () => {
    if (existsSync(indexHtml())) return;
    app.log.info('web/dist is missing: building the web app');
    buildWeb().then(
      () => app.log.info('web app built'),
      (err: unknown) => app.log.error({ err }, 'the web app failed to build'),
    );
  });

  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const pathname = req.url.split('?')[0] ?? '/';
    if (serverOwned(pathname)) return reply.callNotFound();
    if (building || !existsSync(indexHtml())) return building ? sendBuilding(reply) : reply.callNotFound();
    if (looksLikeFile(pathname)) {
      const hashed = pathname.startsWith('/assets/');
      return reply.sendFile(pathname.slice(1), { maxAge: hashed ? 31_536_000_000 : 0, immutable: hashed });
    }
    // The staff app is never framed by another site, and its addresses (job ids) stay in the shop.
    reply
      .header('content-security-policy', staffAppPolicy())
      .header('cache-control', 'no-cache')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff');
    return reply.sendFile('index.html', { cacheControl: false });
  });
}

let policy: { mtimeMs: number; value: string } | undefined;

/**
 * The staff app's Content-Security-Policy: scripts only from Loupe itself and the built page's own
 * inline script (allowed by its hash, read from the build, so it cannot drift from what is served);
 * styles may be inline because Mantine sets them on elements; photos may come from the file store.
 */
export function staffAppPolicy(): string {
  const mtimeMs = statSync(indexHtml()).mtimeMs;
  if (policy?.mtimeMs !== mtimeMs) {
    const html = readFileSync(indexHtml(), 'utf8');
    const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
      (m) =>
        `'sha256-${createHash('sha256')
          .update(m[1] ?? '')
          .digest('base64')}'`,
    );
    policy = {
      mtimeMs,
      value: [
        "default-src 'self'",
        `script-src 'self' ${hashes.join(' ')}`.trim(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "connect-src 'self'",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    };
  }
  return policy.value;
}
