import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Builds the SPA from the current source once (every worker's Loupe serves it), and makes one migrated
 * embedded database that every worker copies (`LOUPE_E2E_DATA_TEMPLATE`). The answer removes it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  execFileSync('npm', ['run', 'web:build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const template = await mkdtemp(path.join(os.tmpdir(), 'loupe-e2e-template-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/pglite-template.ts', template], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Set here, seen by every worker Playwright starts after this.
  process.env.LOUPE_E2E_DATA_TEMPLATE = template;
  return () => rm(template, { recursive: true, force: true });
}
