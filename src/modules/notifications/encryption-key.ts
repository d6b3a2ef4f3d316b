import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseKey } from './secret-box.js';

/**
 * The key that seals credentials: LOUPE_ENCRYPTION_KEY when set. An embedded install without one
 * makes a key once under DATA_DIR (readable by its owner only), so the demo works out of the box;
 * a server install without one stores no credentials and says so.
 */
export async function resolveEncryptionKey(config: {
  encryptionKey: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<Buffer | null> {
  if (config.encryptionKey) return parseKey(config.encryptionKey);
  if (config.databaseUrl) return null;
  const file = path.join(config.dataDir, 'encryption.key');
  try {
    return parseKey((await readFile(file, 'utf8')).trim());
  } catch {
    await mkdir(config.dataDir, { recursive: true });
    const key = randomBytes(32);
    await writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    return key;
  }
}
