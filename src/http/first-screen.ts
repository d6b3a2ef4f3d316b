import { createHash } from 'node:crypto';
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
 * shows nothing the member could not ask for. `dress` adds what the drawn HTML needs around it (the
 * CSS it uses). A screen drawn and dressed for this session and page is sent again while nothing it
 * shows has changed (the API answers 304 to its ETag). Null when there is no session any more, or the
 * app would not draw this board as it stands; the app then draws the page.
 */
export async function drawFirstScreen(app: FastifyInstance, req: FastifyRequest, board: BoardPage, dress: (html: string) => string): Promise<string | null> {
  const render = await renderer();
  const cookie = req.headers.cookie;
  if (!render || !loaded || !cookie) return null;
  const started = performance.now();
  const session = createHash('sha256').update(`${board.page}\n${cookie}`).digest('base64url');
  const before = kept.get(session);
  const ask = (etag?: string) =>
    app.inject({ method: 'GET', url: `${board.api}/board/first-screen?per=${PER_COLUMN}`, headers: { cookie, ...(etag ? { 'if-none-match': etag } : {}) } });
  const [me, answer] = await Promise.all([app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }), ask(before?.etag)]);
  if (me.statusCode !== 200) return null;
  const read = performance.now();
  const shown = { me: me.body, day: shopDay(me.json()), build: loaded.mtimeMs };
  if (answer.statusCode === 304 && before && sameShown(before, shown)) {
    kept.delete(session);
    kept.set(session, before);
    return `${before.html}<!-- first screen: read ${(read - started).toFixed(0)} ms, as drawn before (nothing on it has changed) -->`;
  }
  const screen = answer.statusCode === 304 ? await ask() : answer;
  if (screen.statusCode !== 200) return null;
  const drawn = await render({ url: board.page, me: me.json(), screen: screen.json() });
  if (drawn === null) return null;
  const html = dress(drawn);
  keep(session, { ...shown, etag: String(screen.headers.etag), html });
  // Where the server's time went, for anyone reading the page's source (and the bench).
  return `${html}<!-- first screen: read ${(read - started).toFixed(0)} ms, drawn in ${(performance.now() - read).toFixed(0)} ms -->`;
}

/** What a drawn first screen depends on besides the board: the member and shop (`/me`), the shop's day (overdue flags), the build. */
interface Shown {
  me: string;
  day: string;
  build: number;
}

const sameShown = (a: Shown, b: Shown) => a.me === b.me && a.day === b.day && a.build === b.build;

/** Today in the shop's time zone, as its cards reckon overdue. */
function shopDay(me: { shop?: { timeZone?: string } }): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: me.shop?.timeZone ?? 'UTC' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/**
 * First screens as drawn, by session and page, kept while the board (its ETag from the shop's change
 * count), the member and shop, the shop's day and the build are as they were: a reload, a second tab,
 * a tablet left on the board. Least recently used go first; about 100 KB each.
 */
const KEPT = 200;
const kept = new Map<string, Shown & { etag: string; html: string }>();

function keep(session: string, drawn: Shown & { etag: string; html: string }) {
  kept.delete(session);
  kept.set(session, drawn);
  for (const oldest of kept.keys()) {
    if (kept.size <= KEPT) break;
    kept.delete(oldest);
  }
}
