import path from 'node:path';
import type { AppDeps } from '../../deps.js';
import { Budgets } from '../limits/budgets.js';
import { type MediaQueue, sharedMediaQueue } from './media-queue.js';
import { fileStoreFor } from './storage/index.js';
import { UploadLimiter } from './upload-limiter.js';

export const DEFAULT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

/** The app's dependencies, with the media queue the attachment routes may be given (tests give one with short budgets). */
export type AttachmentAppDeps = AppDeps & { media?: MediaQueue };

/** What the attachment routes use, with defaults for what the app was not given (the disk under DATA_DIR, 20 MB, the process's media queue). */
export function attachmentDeps(deps: AttachmentAppDeps) {
  return {
    db: deps.db,
    clock: deps.clock,
    files: deps.files ?? fileStoreFor({ s3: undefined, dataDir: deps.config.dataDir ?? path.resolve('data') }),
    limiter: deps.uploadLimiter ?? new UploadLimiter(new Budgets(deps.db)),
    media: deps.media ?? sharedMediaQueue(),
    maxBytes: deps.config.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES,
    config: deps.config,
  };
}
