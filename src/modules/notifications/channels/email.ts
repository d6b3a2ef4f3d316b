import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelAdapter } from './channel.js';
import { DeliveryError } from './channel.js';

/** E-mail over the shop's own SMTP server. SMTP has no idempotency key: the Message-ID lets mail clients fold a repeat. */
export const emailChannel: ChannelAdapter = {
  notReady(s) {
    if (!s.smtp) return 'e-mail is not set up yet: add your mail server in Settings → Notifications';
    if (!s.senderEmail) return 'e-mail has no sender address yet: add one in Settings → Notifications';
    return null;
  },

  async send(message, s, signal) {
    if (!s.smtp || !s.senderEmail) throw new DeliveryError('e-mail is not set up', true);
    const transport = nodemailer.createTransport({
      host: s.smtp.host,
      port: s.smtp.port,
      secure: s.smtp.secure,
      ...(s.smtp.user ? { auth: { user: s.smtp.user, pass: s.smtp.password ?? '' } } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 20_000,
    });
    const messageId = `<${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)}@loupe>`;
    try {
      const info = await transport.sendMail({
        from: s.senderName ? { name: s.senderName, address: s.senderEmail } : s.senderEmail,
        to: { name: message.recipientName, address: message.to },
        ...(s.replyTo ? { replyTo: s.replyTo } : {}),
        subject: message.subject,
        text: message.body,
        messageId,
        headers: { 'X-Loupe-Idempotency-Key': message.idempotencyKey },
        // Aborting closes the SMTP connection; the server drops a message whose DATA never ended.
        signal,
      });
      return { providerMessageId: info.messageId ?? messageId };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx from the server is a refusal of this message (bad address); anything else may pass on retry.
      throw new DeliveryError(
        `The mail server said: ${err instanceof Error ? err.message : String(err)}`,
        typeof code === 'number' && code >= 500 && code < 600 && code !== 554,
      );
    } finally {
      transport.close();
    }
  },
};
