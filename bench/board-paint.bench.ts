import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import pg from 'pg';
import { bespokePipeline } from '../src/domain/bespoke-pipeline.js';
import { progressOf } from '../src/domain/pipeline.js';
import { buildWeb, webDist } from '../src/http/web.js';
import { dropDatabase, freshDatabase, seedJobs } from './support.js';

/**
 * The big kanban: shops with 2,000 and 10,000 active bespoke jobs, on PostgreSQL. Time from navigation
 * to the board's first full paint in headless Chromium, against a static HTML page of the first screen
 * of the same cards (the baseline: the browser alone, no JavaScript, no API), and the gzipped
 * JavaScript the first screen loads. The kanban draws only the cards in view, so its first paint
 * should not grow with the number of jobs. A second baseline is Loupe's own first screen saved and
 * served as a static file: the same markup and CSS, so the ratio to it is what Loupe's serving adds
 * (the session, the reads, the drawing), and the first one's ratio to it is what the browser spends
 * on the app's look (its header, controls and Mantine's CSS) over a page of a dozen rules.
 */

const SIZES = [2_000, 10_000] as const;
const CUSTOMERS = 60;
const RUNS = 21;
/** Cold loads, each in a browser context of its own (nothing cached): one sample ranged 0.7–3× between runs. */
const COLD_RUNS = 5;
const VIEWPORT = { width: 1440, height: 900 };
const TARGET = 1.5;
const DB = 'loupe_bench_paint';
let base = '';
const def = bespokePipeline;
const activeStages = def.stages.filter((s) => !def.archived.includes(s));
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A board card as the API sends it (see the OpenAPI's board answer). */
interface Card {
  id: string;
  ref: string;
  title: string;
  stage: (typeof def.stages)[number];
  customer: string;
  due?: string;
  quoted?: number;
  deposit?: number;
}

/** A port nobody is listening on now, so a run never measures some other Loupe left on a fixed port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startLoupe(databaseUrl: string): Promise<ChildProcess> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: databaseUrl, LOUPE_DEMO: '0', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`Loupe exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('Loupe did not become healthy');
}

/** A new shop through the API (its owner signed in), then its jobs in bulk on the database. */
async function seedShop(pool: pg.Pool, size: number): Promise<string> {
  const signUp = await fetch(`${base}/api/v1/shops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ shopName: `Bench ${size}`, ownerName: 'Bea Bench', email: `bench-${size}@example.test`, password: 'correct horse battery' }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const me = (await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json()) as { user: { id: string }; shop: { id: string } };
  const stages = Array.from({ length: size }, (_, g) => activeStages[g % activeStages.length] ?? 'enquiry');
  await seedJobs(pool, me.shop.id, me.user.id, stages, CUSTOMERS);
  return cookie;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The cards a column's first screen shows: each column's most urgent (soonest due first), as many as fit. */
const FIRST_SCREEN = Math.ceil(VIEWPORT.height / 156);

/** The baseline: the board's columns with their counts and their first screen of cards, as plain HTML with inline CSS. */
function staticBoard(cards: Card[]): string {
  const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const columns = activeStages.map((stage) => {
    const here = cards.filter((c) => c.stage === stage).sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
    const shown = here
      .slice(0, FIRST_SCREEN)
      .map((c) => {
        const progress = progressOf(def, c.stage);
        return (
          `<article class="card"><div class="row"><a href="/bespoke/${c.id}">${c.ref}</a><span>${c.due ? day.format(new Date(`${c.due}T00:00:00Z`)) : ''}</span></div>` +
          `<p class="title">${esc(c.title)}</p><p class="cust">${esc(c.customer)}</p>` +
          `<div class="row"><progress value="${progress}" max="100"></progress><b>${progress}%</b></div>` +
          `<div class="row"><span>Quoted ${c.quoted === undefined ? '—' : money.format(c.quoted / 100)}</span><span>Deposit ${money.format((c.deposit ?? 0) / 100)}</span></div></article>`
        );
      })
      .join('');
    return `<section class="col"><h2>${def.labels[stage]} <small>${here.length}</small></h2>${shown}</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static board</title><style>
body{margin:0;font-family:system-ui,sans-serif;background:#f8f9fa}.board{display:flex;gap:10px;padding:16px;overflow-x:auto}
.col{flex:0 0 248px;background:#f1f3f5;border-radius:8px;padding:8px}.col h2{font-size:14px;margin:4px 2px 8px}
.card{background:#fff;border:1px solid #dee2e6;border-radius:8px;padding:10px;margin-bottom:8px;height:148px;box-sizing:border-box;display:flex;flex-direction:column;gap:4px}
.row{display:flex;justify-content:space-between;font-size:12px}.title{font-weight:600;font-size:14px;margin:0}.cust{font-size:12px;margin:0;color:#495057}
progress{flex:1}</style></head><body><main class="board">${columns.join('')}</main>
<script>new PerformanceObserver((l)=>{for(const e of l.getEntries())if(e.name==='first-contentful-paint')window.__loupeBoardPaintedAt??=e.startTime}).observe({type:'paint',buffered:true})</script></body></html>`;
}

/** `html` at `/`, and nothing else (a saved page's scripts and stylesheets are not found, as after its first paint they do not matter). */
function serveStatic(html: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/') {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** A page to load again and again: its address, the session it is loaded in, and what happens before each load. */
interface Target {
  url: string;
  cookie?: string;
  /** Before each load (a move, so that the server must draw the screen anew). */
  beforeEach?: () => Promise<void>;
}

interface Timing {
  cold: number;
  warm: number;
  liveCold: number;
  liveWarm: number;
  html: number;
  server: string;
  scripts: Set<string>;
  drawn: number;
}

/**
 * Each target loaded COLD_RUNS times in a fresh browser context (nothing cached: the cold figure is
 * their median), then RUNS times in new tabs of one context of its own (the first warms it; the warm
 * figure is the median of the rest). The targets take turns load by load: on a shared machine a busy
 * second falls on all of them alike, rather than on whichever was being measured then.
 */
async function timePaints<K extends string>(browser: Browser, targets: Record<K, Target>): Promise<Record<K, Timing>> {
  const names = Object.keys(targets) as K[];
  const contexts = new Map<K, BrowserContext>();
  const samples = new Map<K, { cold: Sample[]; warm: Sample[]; server: string[]; scripts: Set<string>; drawn: number }>();
  const open = async (name: K) => {
    const { cookie } = targets[name];
    const context = await browser.newContext({ viewport: VIEWPORT });
    if (cookie) {
      const [key, value] = cookie.split('=');
      await context.addCookies([{ name: key ?? '', value: value ?? '', url: base }]);
    }
    return context;
  };
  for (const name of names) {
    contexts.set(name, await open(name));
    samples.set(name, { cold: [], warm: [], server: [], scripts: new Set(), drawn: 0 });
  }
  const load = async (name: K, context: BrowserContext, into: Sample[]) => {
    const target = targets[name];
    const s = samples.get(name);
    if (!s) return;
    await target.beforeEach?.();
    const page = await context.newPage();
    const loaded = new Set<string>();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') loaded.add(new URL(r.url()).pathname);
    });
    const response = await page.goto(target.url);
    // Polled with page.evaluate: waitForFunction compiles its string in the page, which the staff app's CSP (no eval) refuses.
    const painted = await paintedAt(page);
    // Where the first paint's time went: the page's HTML (with the CSS its first screen uses) was in by then.
    const html = await page.evaluate<number>(`performance.getEntriesByType('navigation')[0].responseEnd`);
    const serverSays = /<!-- first screen: ([^>]*) -->/.exec((await response?.text()) ?? '')?.[1];
    if (serverSays) s.server.push(serverSays);
    // The static page has no app: its cards are final when painted.
    const live = target.cookie ? await paintedAt(page, '__loupeBoardLiveAt') : painted;
    into.push({ painted, live, html });
    s.drawn = await page.locator('article').count();
    if (s.drawn === 0) throw new Error(`no cards painted at ${target.url}`);
    if (s.scripts.size === 0) s.scripts = loaded;
    await page.close();
  };
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const name of names) {
      const fresh = await open(name);
      await load(name, fresh, samples.get(name)?.cold ?? []);
      await fresh.close();
    }
  }
  for (let run = 0; run < RUNS; run++) {
    for (const name of names) {
      const context = contexts.get(name);
      if (context) await load(name, context, samples.get(name)?.warm ?? []);
    }
  }
  const out = {} as Record<K, Timing>;
  for (const name of names) {
    await contexts.get(name)?.close();
    const s = samples.get(name);
    if (!s) continue;
    const warm = s.warm.slice(1);
    out[name] = {
      cold: median(s.cold.map((x) => x.painted)),
      warm: median(warm.map((x) => x.painted)),
      liveCold: median(s.cold.map((x) => x.live)),
      liveWarm: median(warm.map((x) => x.live)),
      html: median(warm.map((x) => x.html)),
      server: s.server.at(-1) ?? '',
      scripts: s.scripts,
      drawn: s.drawn,
    };
  }
  return out;
}

interface Sample {
  painted: number;
  live: number;
  html: number;
}

/**
 * When the page said its board was painted: `__loupeBoardPaintedAt` for the first paint of the cards
 * (the server's first screen, or the app's board if it came first), `__loupeBoardLiveAt` for the app's
 * own board, whose cards can be dragged.
 */
async function paintedAt(page: Page, mark = '__loupeBoardPaintedAt'): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const at = await page.evaluate<number | undefined>(`window.${mark}`);
    if (typeof at === 'number') return at;
    if (Date.now() > deadline) throw new Error('the board never said it was painted');
    // The page records when it painted; how often it is asked does not change the figure.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A picture of the big board, for a person to check that thousands of cards still read well. */
async function screenshotBoard(browser: Browser, cookie: string, size: number) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: base }]);
  const page = await context.newPage();
  await page.goto(`${base}/bespoke`);
  await paintedAt(page);
  await page.screenshot({ path: path.resolve(import.meta.dirname, `../test-results/screens/board-${size}-jobs-1440.png`) });
  await context.close();
}

async function gzippedSize(paths: Iterable<string>): Promise<number> {
  let total = 0;
  for (const p of paths) total += gzipSync(await readFile(path.join(webDist, p))).length;
  return total;
}

export default async function run(): Promise<void> {
  console.log('   building the web app…');
  await buildWeb();
  const url = await freshDatabase(DB);
  const loupe = await startLoupe(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  let browser: Browser | undefined;
  const servers: Server[] = [];
  try {
    const cookies = new Map<number, string>();
    const started = performance.now();
    for (const size of SIZES) cookies.set(size, await seedShop(pool, size));
    await pool.query('vacuum analyze');
    console.log(`   seeded shops of ${SIZES.join(' and ')} active jobs in ${((performance.now() - started) / 1000).toFixed(1)} s (PostgreSQL, bulk)`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });

    const f = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
    const x = (r: number) => `${r.toFixed(2)}x ${r <= TARGET ? '(met)' : '(MISSED)'}`;
    for (const size of SIZES) {
      const cookie = cookies.get(size) ?? '';
      const api: number[] = [];
      let answer = { items: [] as Card[] };
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/bespoke/board`, { headers: { cookie, 'accept-encoding': 'gzip, br' } });
        const text = await res.text();
        api.push(performance.now() - t0);
        bytes = Buffer.byteLength(text);
        answer = JSON.parse(text) as { items: Card[] };
      }
      if (answer.items.length !== size) throw new Error(`the board of ${size} answered ${answer.items.length} cards`);
      const server = await serveStatic(staticBoard(answer.items));
      const drawn = await (await fetch(`${base}/bespoke`, { headers: { cookie } })).text();
      if (!drawn.includes('<!-- first screen: ')) throw new Error('the board page arrived without its first screen');
      const copy = await serveStatic(drawn);
      servers.push(server, copy);
      const [there = 'enquiry', next = 'consultation'] = activeStages;
      const moving = answer.items.find((c) => c.stage === there);
      let forward = true;
      const { baseline, same, board, anew } = await timePaints(browser, {
        baseline: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` },
        same: { url: `http://127.0.0.1:${(copy.address() as AddressInfo).port}/` },
        board: { url: `${base}/bespoke`, cookie },
        // The same, with a card moved before each load: the shop's board changed, so each screen is drawn anew.
        anew: {
          url: `${base}/bespoke`,
          cookie,
          beforeEach: async () => {
            const body = forward ? { to: next } : { to: there, note: 'Back for the benchmark' };
            forward = !forward;
            const res = await fetch(`${base}/api/v1/bespoke/${moving?.id}/stage`, {
              method: 'POST',
              headers: { cookie, origin: base, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            if (res.status !== 200) throw new Error(`move: ${res.status} ${await res.text()}`);
          },
        },
      });
      await screenshotBoard(browser, cookie, size);
      console.log(`\n   ${size} active jobs, taking turns: medians of ${COLD_RUNS} cold loads (a fresh browser context each) and ${RUNS - 1} warm ones`);
      console.log(`   static HTML, first screen   first paint: cold ${f(baseline.cold)}   warm ${f(baseline.warm)}   (${baseline.drawn} cards drawn)`);
      console.log(
        `   Loupe's page, as a file     first paint: cold ${f(same.cold)}   warm ${f(same.warm)}   (the first screen Loupe drew, saved and served static)`,
      );
      console.log(
        `   Loupe kanban                first paint: cold ${f(board.cold)}   warm ${f(board.warm)}   (the server's first screen and the CSS it uses; warm: HTML by ${f(board.html)}; last, the server's ${board.server})`,
      );
      console.log(
        `   Loupe kanban, drawn anew    first paint: cold ${f(anew.cold)}   warm ${f(anew.warm)}   (a card moved before each load; warm: HTML by ${f(anew.html)}; last, the server's ${anew.server})`,
      );
      console.log(
        `   Loupe kanban, app's board   painted:     cold ${f(board.liveCold)}   warm ${f(board.liveWarm)}   (${board.drawn} cards drawn; they can be dragged)`,
      );
      console.log(`   (the app's board waits for GET /api/v1/bespoke/board: ${(bytes / 1000).toFixed(0)} KB of JSON, median ${f(median(api))} on its own)`);
      console.log(`   ratio (kanban / static): cold ${x(board.cold / baseline.cold)}   warm ${x(board.warm / baseline.warm)}   (target ≤ ${TARGET}x)`);
      console.log(`   ratio, drawn anew:       cold ${x(anew.cold / baseline.cold)}   warm ${x(anew.warm / baseline.warm)}`);
      const r = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
      console.log(
        `   against Loupe's page as a file: sent again cold ${r(board.cold, same.cold)} warm ${r(board.warm, same.warm)}; drawn anew cold ${r(anew.cold, same.cold)} warm ${r(anew.warm, same.warm)} (what serving adds)`,
      );
      console.log(
        `   Loupe's page as a file / static HTML: cold ${r(same.cold, baseline.cold)} warm ${r(same.warm, baseline.warm)} (what the app's look costs the browser)`,
      );
      if (size === SIZES[0]) {
        const js = await gzippedSize(board.scripts);
        console.log(`   JavaScript the first screen loads: ${board.scripts.size} file(s), ${(js / 1024).toFixed(1)} KB gzipped (target < 300 KB)`);
      }
    }
  } finally {
    await browser?.close();
    for (const s of servers) s.close();
    await pool.end();
    const exited = new Promise((r) => loupe.once('exit', r));
    loupe.kill('SIGTERM');
    const slow = setTimeout(() => loupe.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(slow);
    await dropDatabase(DB);
  }
}
