import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/** A port nobody listens on now: two runs on one machine (two engineers, or CI beside a dev) never meet. */
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

// Chosen once by the runner; workers inherit the variables, so they agree on one server and one directory.
process.env.LOUPE_E2E_PORT ??= String(await freePort());
process.env.LOUPE_E2E_DATA ??= mkdtempSync(path.join(os.tmpdir(), 'loupe-e2e-'));
const port = Number(process.env.LOUPE_E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  timeout: 45_000,
  // A state on a busy machine (load 10 on 2 cores) can take a few seconds to arrive: wait for it, never for a time.
  expect: { timeout: 10_000 },
  globalTeardown: './e2e/support/global-teardown.ts',
  use: {
    baseURL,
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // Build the SPA from the current source, then start Loupe on its own port with an empty embedded database.
    command: 'npm run web:build && npx tsx src/main.ts',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: '',
      DATA_DIR: process.env.LOUPE_E2E_DATA,
      LOUPE_DEMO: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseURL,
      LOG_LEVEL: 'warn',
      // The specs' mail sink listens on loopback: the operator lets the sender reach it.
      LOUPE_OUTBOUND_ALLOW: '127.0.0.1',
      // Every spec opens its own shops from this one address.
      SIGNUPS_PER_HOUR: '100000',
    },
  },
});
