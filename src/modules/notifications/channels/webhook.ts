import { createHmac } from 'node:crypto';
import type { ChannelAdapter } from './channel.js';
import { DeliveryError } from './channel.js';

/** Signs a body the way a receiving shop checks it: hex HMAC-SHA256 of `timestamp.body`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For shops that route messages themselves: a signed JSON POST to their address. */
export const webhookChannel: ChannelAdapter = {
  notReady(s) {
    return s.webhook ? null : 'the webhook is not set up yet: add its address and secret in Settings → Notifications';
  },

  async send(message, s, signal) {
    if (!s.webhook) throw new DeliveryError('the webhook is not set up', true);
    const body = JSON.stringify({
      event: message.event,
      idempotencyKey: message.idempotencyKey,
      to: message.recipientName,
      subject: message.subject,
      body: message.body,
      job: message.job,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(s.webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.idempotencyKey,
          'x-loupe-timestamp': timestamp,
          'x-loupe-signature': webhookSignature(s.webhook.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
      });
    } catch (err) {
      throw new DeliveryError(`Could not reach the webhook: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) {
      const refused = res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408;
      throw new DeliveryError(
        `${refused ? 'The webhook refused the message' : 'The webhook could not take the message just then'} (it answered ${res.status})`,
        refused,
      );
    }
    return { providerMessageId: res.headers.get('x-message-id') };
  },
};
