import { createHmac } from 'node:crypto';
import { OutboundError, type OutboundGuard } from '../../../net/outbound-guard.js';
import type { ChannelAdapter } from './channel.js';
import { DeliveryError } from './channel.js';

/** Signs a body the way a receiving shop checks it: hex HMAC-SHA256 of `timestamp.body`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** One wording for every way of not getting an answer, so the log cannot tell a closed port from a blocked address. */
export const UNREACHABLE_WEBHOOK = 'Could not reach the webhook: check its address in Settings → Notifications';

/** For shops that route messages themselves: a signed JSON POST to their address, through the outbound guard. */
export const webhookChannel = (guard: OutboundGuard): ChannelAdapter => ({
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
      res = await guard.fetch(s.webhook.url, {
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
      // A redirect is an answer (from a server that was reached), but it is never followed: wherever it
      // points, the shop gives the final address instead. 301 and 308 say so for good, so they are not retried.
      if (err instanceof OutboundError && err.kind === 'redirect' && err.status !== undefined)
        throw new DeliveryError(
          `The webhook answered ${err.status} (a redirect), which Loupe does not follow: put the final address in Settings → Notifications`,
          err.status === 301 || err.status === 308,
        );
      throw new DeliveryError(UNREACHABLE_WEBHOOK);
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
});
