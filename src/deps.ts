import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './domain/clock.js';
import type { FileStore } from './modules/attachments/storage/index.js';
import type { UploadLimiter } from './modules/attachments/upload-limiter.js';
import type { GoogleConfig } from './modules/calendar-sync/google.js';
import type { LiveHub } from './modules/live/hub.js';
import type { SecretBox } from './modules/notifications/secret-box.js';
import type { JobHooks } from './modules/pipeline/job-hooks.js';
import type { AccountLimiter } from './modules/shops/account-limiter.js';
import type { OutboundGuard } from './net/outbound-guard.js';

/** What the running application holds; each use-case takes only the parts it uses. */
export interface AppDeps {
  db: Database;
  clock: Clock;
  limiter: AccountLimiter;
  live: LiveHub;
  box: SecretBox;
  /** Who acts in a job's transaction when it changes (src/job-hooks.ts). */
  jobHooks: JobHooks;
  config: Pick<Config, 'publicUrl' | 'secureCookies'> & Partial<Pick<Config, 'dataDir' | 'uploadMaxBytes' | 'secret' | 'trustProxy'>>;
  /** Attachment files; unset: the disk under `config.dataDir`. */
  files?: FileStore;
  /** How calendar sync reaches calendars (the outbound guard) and Loupe's Google client; unset: no allowances, Google not configured. */
  calendarSync?: { guard: OutboundGuard; google: GoogleConfig };
  /** Unset: the default upload budgets. */
  uploadLimiter?: UploadLimiter;
}
