import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { OutboundGuard } from '../../net/outbound-guard.js';
import { channelAdapters } from './channels/index.js';
import type { SecretBox } from './secret-box.js';
import { OutboxSender, type SenderOptions } from './sender.js';

export function createSender(
  db: Database,
  box: SecretBox,
  config: Pick<Config, 'publicUrl' | 'twilioApiBase' | 'outboundAllow'>,
  options: SenderOptions = {},
): OutboxSender {
  const guard = new OutboundGuard({ allow: config.outboundAllow });
  return new OutboxSender({ db, box, channels: channelAdapters(config.twilioApiBase, guard), config }, options);
}
