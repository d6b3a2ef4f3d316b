import { rm } from 'node:fs/promises';

/** Removes the run's embedded database directory. */
export default async function teardown(): Promise<void> {
  const dir = process.env.LOUPE_E2E_DATA;
  if (dir?.includes('loupe-e2e-')) await rm(dir, { recursive: true, force: true });
}
