import { OutboundGuard } from '../../../net/outbound-guard.js';
import type { ChannelAdapters } from './channel.js';
import { emailChannel } from './email.js';
import { twilioChannel } from './twilio.js';
import { webhookChannel } from './webhook.js';

/**
 * Every channel that leaves the machine goes through `guard`. Unset: a guard that allows nothing but
 * public addresses; the operator's LOUPE_OUTBOUND_ALLOW reaches it through `createSender`.
 */
export function channelAdapters(twilioApiBase: string, guard: OutboundGuard = new OutboundGuard()): ChannelAdapters {
  return {
    email: emailChannel(guard),
    sms: twilioChannel('sms', twilioApiBase, guard),
    whatsapp: twilioChannel('whatsapp', twilioApiBase, guard),
    webhook: webhookChannel(guard),
    // Kept in the database and shown on the preview page: what the customer would have got.
    preview: { notReady: () => null, send: async () => ({ providerMessageId: null }) },
  };
}
