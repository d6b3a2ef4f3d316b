import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from './seed/demo.js';

// `npm start` as a user runs it: a real process on the embedded database, stopped and started again.
const root = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];

// node --import tsx, not the tsx wrapper: the signal must reach the server itself, not a parent that outlives it.
function start(env: Record<string, string>): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d) => {
    out += String(d);
  });
  proc.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

async function waitHealthy(base: string, exited: Promise<number | null>) {
  const deadline = Date.now() + 90_000;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  while (Date.now() < deadline && !done) {
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('Loupe did not become healthy');
}

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves the demo shop on the embedded database and keeps every change across a restart', { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-boot-'));
    dirs.push(dataDir);
    const port = String(3400 + Math.floor(Math.random() * 500));
    const base = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: dataDir, PORT: port };

    const first = start(env);
    await waitHealthy(base, first.exited);
    expect(first.output()).toContain(DEMO_LOGIN.email);
    expect(first.output()).toContain(DEMO_LOGIN.password);

    const signIn = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_LOGIN) });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const jobs = (await (await fetch(`${base}/api/v1/bespoke?archived=true`, { headers: { cookie } })).json()) as { items: { stage: string }[] };
    expect(jobs.items.length).toBeGreaterThanOrEqual(20);
    expect(new Set(jobs.items.map((j) => j.stage)).size).toBe(12);

    const made = await fetch(`${base}/api/v1/customers`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ name: 'Kept Across Restarts' }),
    });
    expect(made.status).toBe(201);
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start(env);
    await waitHealthy(base, second.exited);
    const found = (await (await fetch(`${base}/api/v1/customers?q=Kept`, { headers: { cookie } })).json()) as { items: unknown[] };
    expect(found.items).toHaveLength(1);
    // The demo is seeded once, into an empty database only.
    const again = (await (await fetch(`${base}/api/v1/bespoke?archived=true`, { headers: { cookie } })).json()) as { items: unknown[] };
    expect(again.items).toHaveLength(jobs.items.length);
    second.proc.kill('SIGTERM');
    await second.exited;
  });

  it('refuses a bad setting at boot with a clear message', async () => {
    const bad = start({ PORT: 'eighty', LOUPE_DEMO: 'maybe' });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('bad configuration');
    expect(bad.output()).toMatch(/PORT/);
    expect(bad.output()).toMatch(/LOUPE_DEMO/);
    expect(bad.output()).not.toMatch(/at .*\.ts:\d+/);
  });

  it.each([
    ['PORT', { PORT: '0x50' }],
    ['PORT', { PORT: '1e3' }],
    ['HOST', { HOST: 'http://localhost' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@127.0.0.1/loupe' }],
  ])('stops at boot on a bad %s, naming it', { timeout: 90_000 }, async (name, env) => {
    const bad = start(env);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('bad configuration');
    expect(bad.output()).toContain(`${name}: `);
    expect(bad.output()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('stops at boot on a DATA_DIR it cannot create, naming DATA_DIR rather than a raw error', { timeout: 90_000 }, async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'loupe-boot-'));
    dirs.push(parent);
    const file = path.join(parent, 'a-file');
    await writeFile(file, 'not a directory');
    const bad = start({ DATA_DIR: path.join(file, 'data') });
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain(`DATA_DIR: cannot create or write to ${path.join(file, 'data')}`);
    expect(bad.output()).not.toMatch(/ENOTDIR|EEXIST|at .*\.ts:\d+/);
  });

  it('stops at boot when the PostgreSQL server named by DATABASE_URL cannot be reached, saying so', { timeout: 90_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-boot-'));
    dirs.push(dataDir);
    // Port 1 on this machine: nothing listens there, so the connection is refused at once.
    const bad = start({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://loupe:hunter2@127.0.0.1:1/loupe' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('DATABASE_URL (postgres://loupe:***@127.0.0.1:1/loupe)');
    expect(bad.output()).toContain('ECONNREFUSED');
    expect(bad.output()).not.toContain('hunter2');
    expect(bad.output()).not.toMatch(/at .*\.ts:\d+/);
  });
});
