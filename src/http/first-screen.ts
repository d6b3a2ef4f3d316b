import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A board page of the staff app (`/bespoke`) and the API path of its pipeline (`/api/v1/bespoke`). */
export interface BoardPage {
  page: string;
  api: string;
}

/** Cards per column in the first screen: a desktop's screenful; the app draws the rest. */
const PER_COLUMN = 6;

type Render = (input: { url: string; me: unknown; screen: unknown }) => Promise<string | null>;

export const firstScreenBundle = path.resolve(import.meta.dirname, '../../web/dist-ssr/render.js');

let loaded: { mtimeMs: number; render: Render } | undefined;

/** The built first-screen renderer (web/src/first-screen/render.tsx), reloaded when a build replaces it. */
export async function renderer(): Promise<Render | null> {
  if (!existsSync(firstScreenBundle)) return null;
  const { mtimeMs } = statSync(firstScreenBundle);
  if (loaded?.mtimeMs !== mtimeMs) {
    const mod = (await import(`${pathToFileURL(firstScreenBundle).href}?v=${mtimeMs}`)) as { renderFirstScreen: Render };
    loaded = { mtimeMs, render: mod.renderFirstScreen };
  }
  return loaded.render;
}

/** The board page a request asks for, when the server can draw its first screen: a plain board, a session cookie, a build. */
export function firstScreenPage(req: FastifyRequest, boards: readonly BoardPage[]): BoardPage | null {
  const url = new URL(req.url, 'http://loupe');
  const board = boards.find((b) => b.page === url.pathname);
  // A search or the archived are the app's to draw.
  if (!board || url.search !== '' || !req.headers.cookie || !existsSync(firstScreenBundle)) return null;
  return board;
}

/**
 * The first screen of a board page, drawn on the server for a signed-in member: the app's header and
 * each column's first cards, so the page paints before the app's JavaScript has loaded. It reads
 * what the app would, through the API itself (the same session check, tenant and answers), so it
 * shows nothing the member could not ask for. Null when there is no session any more, or the app
 * would not draw this board as it stands; the app then draws the page.
 */
export async function drawFirstScreen(app: FastifyInstance, req: FastifyRequest, board: BoardPage): Promise<string | null> {
  const render = await renderer();
  const cookie = req.headers.cookie;
  if (!render || !cookie) return null;
  const started = performance.now();
  const [me, screen] = await Promise.all([
    app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }),
    app.inject({ method: 'GET', url: `${board.api}/board/first-screen?per=${PER_COLUMN}`, headers: { cookie } }),
  ]);
  if (me.statusCode !== 200 || screen.statusCode !== 200) return null;
  const read = performance.now();
  const html = await render({ url: board.page, me: me.json(), screen: screen.json() });
  if (html === null) return null;
  // Where the server's time went, for anyone reading the page's source (and the bench).
  return `${html}<!-- first screen: read ${(read - started).toFixed(0)} ms, drawn in ${(performance.now() - read).toFixed(0)} ms -->`;
}
