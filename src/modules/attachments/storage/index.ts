import path from 'node:path';
import type { Config } from '../../../config.js';
import { DiskStore } from './disk-store.js';
import type { FileStore } from './file-store.js';
import { S3Store } from './s3-store.js';

export type { FileStore, StoredFile } from './file-store.js';

/** The store the configuration names: S3 when `S3_BUCKET` is set, else the disk under `DATA_DIR/files`. */
export function fileStoreFor(config: Pick<Config, 's3'> & { dataDir?: string | undefined }): FileStore {
  if (config.s3) return new S3Store(config.s3);
  return new DiskStore(path.join(config.dataDir ?? path.resolve('data'), 'files'));
}

/** Fails at boot, with the store's own words, when the bucket or directory cannot be reached. */
export async function probeFileStore(store: FileStore): Promise<void> {
  await store.exists('loupe-probe');
}
