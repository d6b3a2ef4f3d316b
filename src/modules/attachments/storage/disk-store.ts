import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkKey, type FileStore, type StoredFile } from './file-store.js';

/**
 * Files under one directory (`DATA_DIR/files`). Writes go to a temporary name first, then rename into
 * place. Deleting a file removes the directories it leaves empty, up to (never including) the root.
 */
export class DiskStore implements FileStore {
  constructor(readonly root: string) {}

  private pathOf(key: string) {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, body: Buffer): Promise<void> {
    const file = this.pathOf(key);
    const temp = `${file}.${randomBytes(6).toString('hex')}.partial`;
    // A delete beside this write may remove a directory on the way as it empties: made again (twice at most).
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(temp, body, { flag: 'wx' });
        await rename(temp, file);
        return;
      } catch (err) {
        await rm(temp, { force: true });
        if (attempt < 3 && codeOf(err) === 'ENOENT') continue;
        throw err;
      }
    }
  }

  async get(key: string): Promise<StoredFile | null> {
    const file = this.pathOf(key);
    const info = await stat(file).catch(missing);
    if (!info?.isFile()) return null;
    return { body: createReadStream(file), bytes: info.size };
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await this.prune(path.dirname(file));
  }

  /** Removes `dir` and its parents while they are empty; `rmdir` never removes a directory with anything in it. */
  private async prune(dir: string): Promise<void> {
    const root = path.resolve(this.root);
    for (let at = path.resolve(dir); at !== root && at.startsWith(root + path.sep); at = path.dirname(at)) {
      try {
        await rmdir(at);
      } catch (err) {
        if (codeOf(err) === 'ENOENT') continue;
        // ENOTEMPTY or EEXIST: something else lives here still; anything else is left for an operator.
        return;
      }
    }
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.pathOf(key)).catch(missing);
    return info?.isFile() ?? false;
  }
}

const codeOf = (err: unknown) => (typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '');

function missing(err: unknown): null {
  if (codeOf(err) === 'ENOENT') return null;
  throw err;
}
