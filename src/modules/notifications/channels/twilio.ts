import { OutboundError, type OutboundGuard } from '../../../net/outbound-guard.js';
import type { ChannelAdapter, OutgoingMessage, ProviderSettings } from './channel.js';
import { DeliveryError } from './channel.js';

export const UNREACHABLE_TWILIO = 'Could not reach Twilio';

/**
 * SMS and WhatsApp through Twilio's Messages API with the shop's own account; Twilio honours the idempotency token.
 * The request goes through the outbound guard like every other: the base is the operator's, but only a public
 * address (or one the operator allows) is reached, and a redirect is never followed.
 */
export function twilioChannel(kind: 'sms' | 'whatsapp', apiBase: string, guard: OutboundGuard): ChannelAdapter {
  const fromOf = (s: ProviderSettings) => (kind === 'sms' ? s.twilio?.smsFrom : s.twilio?.whatsappFrom);
  return {
    notReady(s) {
      if (!s.twilio) return `${kind === 'sms' ? 'text messages are' : 'WhatsApp is'} not set up yet: add your Twilio account in Settings → Notifications`;
      if (!fromOf(s)) return `${kind === 'sms' ? 'text messages have' : 'WhatsApp has'} no sending number yet: add one in Settings → Notifications`;
      return null;
    },

    async send(message: OutgoingMessage, s: ProviderSettings, signal: AbortSignal) {
      const from = fromOf(s);
      if (!s.twilio || !from) throw new DeliveryError('Twilio is not set up', true);
      const prefix = kind === 'whatsapp' ? 'whatsapp:' : '';
      const url = `${apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(s.twilio.accountSid)}/Messages.json`;
      let res: Response;
      try {
        res = await guard.fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${s.twilio.accountSid}:${s.twilio.authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
            'i-twilio-idempotency-token': message.idempotencyKey,
          },
          body: new URLSearchParams({ To: `${prefix}${message.to}`, From: `${prefix}${from}`, Body: message.body }),
          signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
        });
      } catch (err) {
        if (err instanceof OutboundError && err.kind === 'redirect')
          throw new DeliveryError(`Twilio answered ${err.status} (a redirect), which Loupe does not follow`);
        throw new DeliveryError(UNREACHABLE_TWILIO);
      }
      const text = await res.text();
      if (!res.ok) {
        let detail = text.slice(0, 300);
        try {
          detail = (JSON.parse(text) as { message?: string }).message ?? detail;
        } catch {}
        // 4xx: Twilio refused this message (bad number, bad credentials); 429 and 5xx may pass later.
        const refused = res.status >= 400 && res.status < 500 && res.status !== 429;
        throw new DeliveryError(
          `${refused ? 'Twilio refused the message' : 'Twilio could not take the message just then'} (it answered ${res.status}: ${detail})`,
          refused,
        );
      }
      try {
        return { providerMessageId: (JSON.parse(text) as { sid?: string }).sid ?? null };
      } catch {
        return { providerMessageId: null };
      }
    },
  };
}
