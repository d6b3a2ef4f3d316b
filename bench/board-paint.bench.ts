import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from '@playwright/test';
import { buildWeb, webDist } from '../src/http/web.js';

/**
 * The big kanban: 2,000 active bespoke jobs. Time from navigation to the board's first full paint in
 * headless Chromium, against a static HTML page of the same 2,000 cards (the baseline: the browser
 * alone, no JavaScript, no API), and the gzipped JavaScript the first screen loads.
 */

const JOBS = 2_000;
const CUSTOMERS = 60;
const RUNS = 5;
let base = '';
const activeStages = ['enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready'];
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

interface BoardJob {
  id: string;
  reference: string;
  title: string;
  stage: string;
  stageLabel: string;
  progress: number;
  customer: { name: string };
  quotedCents: number | null;
  depositCents: number;
  dueDate: string | null;
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

async function startLoupe(dataDir: string): Promise<ChildProcess> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOUPE_DEMO: '0', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
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

/** A signed-in API client: the session cookie plus the Origin a browser would send. */
function client(cookie: string) {
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** Runs `work` over `items` with a few requests in flight, as a busy shop would. */
async function inParallel<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

async function seed(): Promise<{ cookie: string; jobs: BoardJob[] }> {
  const signUp = await fetch(`${base}/api/v1/shops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ shopName: 'Bench & Sons', ownerName: 'Bea Bench', email: 'bench@example.test', password: 'correct horse battery' }),
  });
  if (signUp.status !== 201) throw new Error(`sign-up: ${signUp.status} ${await signUp.text()}`);
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = client(cookie);
  const customers: { id: string }[] = [];
  for (let i = 0; i < CUSTOMERS; i++) customers.push(await call('POST', '/api/v1/customers', { name: `Customer ${i + 1}` }));
  const started = performance.now();
  await inParallel(
    Array.from({ length: JOBS }, (_, i) => i),
    6,
    async (i) => {
      const due = new Date(Date.now() + ((i % 90) - 20) * 86_400_000).toISOString().slice(0, 10);
      const job = await call<{ id: string }>('POST', '/api/v1/bespoke', {
        title: `Commission ${i + 1}: ${['ring', 'pendant', 'bracelet', 'earrings', 'brooch'][i % 5]} in ${['platinum', '18ct gold', 'silver'][i % 3]}`,
        customerId: customers[i % CUSTOMERS]?.id,
        quotedCents: 50_000 + (i % 37) * 12_500,
        dueDate: due,
      });
      const to = activeStages[i % activeStages.length];
      if (to !== 'enquiry') await call('POST', `/api/v1/bespoke/${job.id}/stage`, { to });
    },
  );
  console.log(`   seeded ${JOBS} active jobs through the API in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const { items } = await call<{ items: BoardJob[] }>('GET', '/api/v1/bespoke/board');
  return { cookie, jobs: items };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The baseline: the same 2,000 cards and columns as plain server-rendered HTML with inline CSS. */
function staticBoard(jobs: BoardJob[]): string {
  const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  const columns = activeStages.map((stage) => {
    const here = jobs.filter((j) => j.stage === stage);
    const cards = here
      .map(
        (j) =>
          `<article class="card"><div class="row"><a href="/bespoke/${j.id}">${j.reference}</a><span>${j.dueDate ? day.format(new Date(`${j.dueDate}T00:00:00Z`)) : ''}</span></div>` +
          `<p class="title">${esc(j.title)}</p><p class="cust">${esc(j.customer.name)}</p>` +
          `<div class="row"><progress value="${j.progress}" max="100"></progress><b>${j.progress}%</b></div>` +
          `<div class="row"><span>Quoted ${j.quotedCents === null ? '—' : money.format(j.quotedCents / 100)}</span><span>Deposit ${money.format(j.depositCents / 100)}</span></div></article>`,
      )
      .join('');
    return `<section class="col"><h2>${here[0]?.stageLabel ?? stage} <small>${here.length}</small></h2>${cards}</section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Static board</title><style>
body{margin:0;font-family:system-ui,sans-serif;background:#f8f9fa}.board{display:flex;gap:10px;padding:16px;overflow-x:auto}
.col{flex:0 0 248px;background:#f1f3f5;border-radius:8px;padding:8px}.col h2{font-size:14px;margin:4px 2px 8px}
.card{background:#fff;border:1px solid #dee2e6;border-radius:8px;padding:10px;margin-bottom:8px;height:138px;box-sizing:border-box;display:flex;flex-direction:column;gap:4px}
.row{display:flex;justify-content:space-between;font-size:12px}.title{font-weight:600;font-size:14px;margin:0}.cust{font-size:12px;margin:0;color:#495057}
progress{flex:1}</style></head><body><main class="board">${columns.join('')}</main>
<script>requestAnimationFrame(()=>requestAnimationFrame(()=>{window.__loupeBoardPaintedAt=performance.now()}))</script></body></html>`;
}

function serveStatic(html: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timePaint(browser: Browser, url: string, cookie?: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (cookie) {
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: base }]);
  }
  const times: number[] = [];
  let scripts = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    const loaded = new Set<string>();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') loaded.add(new URL(r.url()).pathname);
    });
    await page.goto(url);
    // Polled with page.evaluate: waitForFunction compiles its string in the page, which the staff app's CSP (no eval) refuses.
    times.push(await paintedAt(page));
    const cards = await page.locator('article').count();
    if (cards === 0) throw new Error(`no cards painted at ${url}`);
    if (run === 0) scripts = loaded;
    await page.close();
  }
  await context.close();
  return { cold: times[0] ?? Number.NaN, warm: median(times.slice(1)), scripts };
}

async function paintedAt(page: Page): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const at = await page.evaluate<number | undefined>('window.__loupeBoardPaintedAt');
    if (typeof at === 'number') return at;
    if (Date.now() > deadline) throw new Error('the board never said it was painted');
    // The page records when it painted; how often it is asked does not change the figure.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A picture of the big board, for a person to check that 2,000 cards still read well. */
async function screenshotBoard(browser: Browser, cookie: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name ?? '', value: value ?? '', url: base }]);
  const page = await context.newPage();
  await page.goto(`${base}/bespoke`);
  await page.waitForFunction('window.__loupeBoardPaintedAt');
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../test-results/screens/board-2000-jobs-1440.png') });
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
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-board-'));
  const loupe = await startLoupe(dataDir);
  let browser: Browser | undefined;
  let staticServer: Server | undefined;
  try {
    const { cookie, jobs } = await seed();
    const active = jobs.filter((j) => activeStages.includes(j.stage));
    staticServer = await serveStatic(staticBoard(active));
    const staticUrl = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });

    const api: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/bespoke/board`, { headers: { cookie } });
      bytes = (await res.arrayBuffer()).byteLength;
      api.push(performance.now() - started);
    }

    const baseline = await timePaint(browser, staticUrl);
    const board = await timePaint(browser, `${base}/bespoke`, cookie);
    const js = await gzippedSize(board.scripts);
    await screenshotBoard(browser, cookie);

    const f = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
    console.log(`   ${active.length} active jobs on the board; ${RUNS} loads each (first is cold, then warm median)`);
    console.log(`   static HTML baseline   first paint: cold ${f(baseline.cold)}   warm ${f(baseline.warm)}`);
    console.log(`   Loupe kanban (SPA)     first paint: cold ${f(board.cold)}   warm ${f(board.warm)}`);
    console.log(`   (the SPA's paint includes GET /api/v1/bespoke/board: ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON, median ${f(median(api))} on its own)`);
    console.log(
      `   ratio (kanban / baseline): cold ${(board.cold / baseline.cold).toFixed(2)}x   warm ${(board.warm / baseline.warm).toFixed(2)}x   (target ≤ 2x)`,
    );
    console.log(`   JavaScript the first screen loads: ${board.scripts.size} file(s), ${(js / 1024).toFixed(1)} KB gzipped (target < 300 KB)`);
  } finally {
    await browser?.close();
    staticServer?.close();
    const exited = new Promise((r) => loupe.once('exit', r));
    loupe.kill('SIGTERM');
    const slow = setTimeout(() => loupe.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(slow);
    await rm(dataDir, { recursive: true, force: true });
  }
}
