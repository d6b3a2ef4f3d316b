import { cp } from 'node:fs/promises';

/** Starts `dataDir` from the global setup's migrated embedded database, when there is one (global-setup.ts). */
export async function copyDataTemplate(dataDir: string): Promise<void> {
  const template = process.env.LOUPE_E2E_DATA_TEMPLATE;
  if (template) await cp(template, dataDir, { recursive: true });
}
