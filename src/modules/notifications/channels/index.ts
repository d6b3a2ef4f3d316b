import type { ChannelAdapters } from './channel.js';
import { emailChannel } from './email.js';
import { twilioChannel } from './twilio.js';
import { webhookChannel } from './webhook.js';

export function channelAdapters(twilioApiBase: string): ChannelAdapters {
  return {
    email: emailChannel,
    sms: twilioChannel('sms', twilioApiBase),
    whatsapp: twilioChannel('whatsapp', twilioApiBase),
    webhook: webhookChannel,
    // Kept in the database and shown on the preview page: what the customer would have got.
    preview: { notReady: () => null, send: async () => ({ providerMessageId: null }) },
  };
}
