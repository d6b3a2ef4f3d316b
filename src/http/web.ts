import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { criticalCss, prepareCriticalCss } from './critical-css.js';
import { type BoardPage, drawFirstScreen, firstScreenBundle, firstScreenPage, renderer } from './first-screen.js';

const webRoot = path.resolve(import.meta.dirname, '../../web');
export const webDist = path.join(webRoot, 'dist');
const indexHtml = () => path.join(webDist, 'index.html');

/** Paths the SPA never answers for: the API keeps its problem+json 404s. */
const serverOwned = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/healthz');
const looksLikeFile = (pathname: string) => /\.[a-z0-9]{1,8}$/i.test(pathname.slice(pathname.lastIndexOf('/') + 1));

let building: Promise<void> | undefined;

/**
 * Builds the SPA with Vite's JS API, then the server's first-screen renderer from the same sources
 * (one bundle with React's production build in it).
 */
export async function buildWebHere(): Promise<void> {
  const { build } = await import('vite');
  const configFile = path.join(webRoot, 'vite.config.ts');
  await build({ configFile, logLevel: 'warn', mode: 'production' });
  await build({
    configFile,
    logLevel: 'warn',
    mode: 'production',
    build: { ssr: path.join(webRoot, 'src/first-screen/render.tsx'), outDir: path.dirname(firstScreenBundle), emptyOutDir: true },
    ssr: { noExternal: true },
    // React and the router pick their production code by NODE_ENV; the bundle carries it, whatever the server's.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  });
}

/**
 * `buildWebHere` in a process of its own with NODE_ENV=production, as Vite and React's JSX transform
 * read it (a test runner's "test" would build development code); concurrent callers share one build.
 */
export function buildWeb(): Promise<void> {
  building ??= new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, '../../scripts/build-web.ts')],
      { env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 },
      (err, _stdout, stderr) => (err ? reject(new Error(`the web build failed: ${stderr}`)) : resolve()),
    );
  }).finally(() => {
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
export async function webApp(app: FastifyInstance, opts: { boards?: readonly BoardPage[] }): Promise<void> {
  const boards = opts.boards ?? [];
  await app.register(fastifyStatic, { root: webDist, serve: false, preCompressed: true, wildcard: false });

  app.addHook('onListen', async () => {
    // The first board page opened should not wait for the renderer's 1.4 MB to load.
    if (existsSync(indexHtml())) {
      void renderer()
        .then(() => prepareCriticalCss(webDist, pageAroundRoot().sheets))
        .catch((err: unknown) => app.log.error({ err }, 'the first-screen renderer failed to load'));
      return;
    }
    app.log.info('web/dist is missing: building the web app');
    buildWeb().then(
      () => app.log.info('web app built'),
      (err: unknown) => app.log.error({ err }, 'the web app failed to build'),
    );
  });

  // Compression is the route's own: files come pre-compressed, and a first screen is flushed in parts.
  app.get('/*', { schema: { hide: true }, compress: false }, async (req, reply) => {
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
    const board = firstScreenPage(req, boards);
    if (board === null) return reply.sendFile('index.html', { cacheControl: false });
    const { before, after, sheets } = pageAroundRoot();
    // React's first commit replaces the root's content, this <style> with it, once the stylesheets are in.
    const dress = (html: string) => `<style data-first-screen>${criticalCss(webDist, sheets, before + html + after)}</style>${html}`;
    return sendStreamed(
      req,
      reply,
      drawFirstScreen(app, req, board, dress).catch((err: unknown) => {
        req.log.error({ err }, 'the first screen could not be drawn; the app draws the page');
        return null;
      }),
    );
  });
}

/**
 * index.html with the first screen in its root, sent in two parts: the head at once, then the root's
 * content when it is drawn, led by the CSS it uses (the whole stylesheets load with the app, see
 * web/index.html). Compressed here, flushed after the head, as a buffering compressor would hold it back.
 */
function sendStreamed(req: FastifyRequest, reply: FastifyReply, drawn: Promise<string | null>) {
  const { before, after } = pageAroundRoot();
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
  const out =
    encoding === 'br' ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : encoding === 'gzip' ? createGzip() : new PassThrough();
  if (encoding) reply.header('content-encoding', encoding).header('vary', 'accept-encoding');
  out.write(before);
  if (!(out instanceof PassThrough)) out.flush();
  void drawn.then((html) => out.end(`${html ?? ''}${after}`));
  return reply.type('text/html; charset=utf-8').send(out);
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

let page: { mtimeMs: number; before: string; after: string; sheets: string[] } | undefined;

/**
 * index.html cut at the app's root element, for a page whose first screen the server draws. The
 * app's module script, its preloads and its stylesheets move from <head> onto the root (`data-app`,
 * `data-css`), for the page's own script to load once the first screen is painted (web/index.html);
 * `data-first-screen` on <html> tells the page's scripts which kind of page this is.
 */
function pageAroundRoot(): { before: string; after: string; sheets: string[] } {
  const { mtimeMs } = statSync(indexHtml());
  if (page?.mtimeMs !== mtimeMs) {
    const scripts: string[] = [];
    const sheets: string[] = [];
    const text = readFileSync(indexHtml(), 'utf8')
      .replace('<html ', '<html data-first-screen ')
      .replace(/\s*<script type="module" crossorigin src="([^"]+)"><\/script>/, (_m, src: string) => {
        scripts.unshift(src);
        return '';
      })
      .replace(/\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g, (_m, href: string) => {
        scripts.push(href);
        return '';
      })
      .replace(/\s*<link rel="stylesheet" crossorigin href="([^"]+)">/g, (_m, href: string) => {
        sheets.push(href);
        return '';
      });
    const root = '<div id="root">';
    const at = text.indexOf(root);
    if (at < 0 || scripts.length === 0) throw new Error('index.html has no #root or no module script');
    page = {
      mtimeMs,
      before: `${text.slice(0, at)}<div id="root" data-app="${scripts.join(' ')}" data-css="${sheets.join(' ')}">`,
      after: text.slice(at + root.length),
      sheets,
    };
  }
  return page;
}
