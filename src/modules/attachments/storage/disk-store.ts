import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkKey, type FileStore, type StoredFile } from './file-store.js';

/** Files under one directory (`DATA_DIR/files`). Writes go to a temporary name first, then rename into place. */
export class DiskStore implements FileStore {
  constructor(readonly root: string) {}

  private pathOf(key: string) {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await writeFile(temp, body, { flag: 'wx' });
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<StoredFile | null> {
    const file = this.pathOf(key);
    const info = await stat(file).catch(missing);
    if (!info?.isFile()) return null;
    return { body: createReadStream(file), bytes: info.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.pathOf(key)).catch(missing);
    return info?.isFile() ?? false;
  }
}

function missing(err: unknown): null {
  if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT') return null;
  throw err;
}
