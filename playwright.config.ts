import { defineConfig } from '@playwright/test';

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
  // Each worker starts its own Loupe on its own embedded database (e2e/support/fixtures.ts).
  workers: Number(process.env.LOUPE_E2E_WORKERS ?? 2),
  fullyParallel: false,
  reporter: 'list',
  // A ceiling, not a wait: long journeys (a sign-up with three password hashes and axe; a repair's whole day) took
  // 51 s to 1.6 min on this 2-core machine under load; a step still waits for its state, never for a time.
  timeout: 180_000,
  // A state on a busy machine (load 10 on 2 cores) can take several seconds to arrive: wait for it, never for a time.
  expect: { timeout: 20_000 },
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    // A failed test keeps its trace with the page's DOM at every step; the film strip of screenshots is left
    // out: encoding it cost the browser about a fifth of the whole run's time on this 2-core machine.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true },
    screenshot: 'only-on-failure',
  },
});
