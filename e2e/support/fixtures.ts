import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { copyDataTemplate } from './data-template.js';

export * from '@playwright/test';

/** A port nobody listens on now. */
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

/**
 * Resolves when Loupe says it is listening (src/main.ts prints the line once `listen` has returned);
 * fails at once if the process dies first. An event, not a poll.
 */
function listening(child: ChildProcess, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let said = '';
    let heard = false;
    const onExit = (code: number | null) => reject(new Error(`Loupe exited (${code}) before it was listening:\n${stderr()}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      // Keep reading (the pipe must drain), but stop keeping what it says once it has been heard.
      if (heard) return;
      said += chunk.toString('utf8');
      if (said.includes('Loupe is running at')) {
        heard = true;
        child.off('exit', onExit);
        resolve();
      }
    });
  });
}

export interface WorkerLoupe {
  url: string;
}

/**
 * Each Playwright worker runs its own Loupe on its own port with its own embedded database, so
 * workers never share a shop, a budget or a sender. The SPA is the build the global setup made.
 */
export const test = base.extend<object, { workerLoupe: WorkerLoupe }>({
  workerLoupe: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this parameter
    async ({}, use) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-e2e-'));
      await copyDataTemplate(dataDir);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: '',
          DATA_DIR: dataDir,
          LOUPE_DEMO: '0',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: url,
          LOG_LEVEL: 'warn',
          // The specs' mail sink listens on loopback: the operator lets the sender reach it.
          LOUPE_OUTBOUND_ALLOW: '127.0.0.1',
          // Every spec opens its own shops from this one address.
          SIGNUPS_PER_HOUR: '100000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
        process.stderr.write(chunk);
      });
      try {
        await listening(child, () => stderr);
        await use({ url });
      } finally {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await once(child, 'exit');
        }
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ workerLoupe }, use) => use(workerLoupe.url),
});
