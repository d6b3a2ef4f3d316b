import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { OutboundGuard } from '../../net/outbound-guard.js';
import type { SecretBox } from '../notifications/secret-box.js';
import { CalendarSyncSender, type SyncSenderOptions } from './sender.js';

/** What calendar sync needs from the configuration: the guard every call goes through, and Loupe's Google client. */
export function calendarSyncOf(config: Pick<Config, 'outboundAllow' | 'google'>) {
  return { guard: new OutboundGuard({ allow: config.outboundAllow }), google: config.google };
}

export function createSyncSender(
  db: Database,
  box: SecretBox,
  config: Pick<Config, 'publicUrl' | 'outboundAllow' | 'google'>,
  options: SyncSenderOptions = {},
): CalendarSyncSender {
  return new CalendarSyncSender({ db, box, publicUrl: config.publicUrl, ...calendarSyncOf(config) }, options);
}
