import path from 'node:path';
import type { AppDeps } from '../../deps.js';
import { fileStoreFor } from './storage/index.js';
import { UploadLimiter } from './upload-limiter.js';

export const DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

/** What the attachment routes use, with defaults for what the app was not given (the disk under DATA_DIR, 20 MB). */
export function attachmentDeps(deps: AppDeps) {
  return {
    db: deps.db,
    clock: deps.clock,
    files: deps.files ?? fileStoreFor({ s3: undefined, dataDir: deps.config.dataDir ?? path.resolve('data') }),
    limiter: deps.uploadLimiter ?? new UploadLimiter(),
    maxBytes: deps.config.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES,
    config: deps.config,
  };
}
