import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { OutboundGuard } from '../../../net/outbound-guard.js';
import type { ChannelAdapter, ProviderSettings } from './channel.js';
import { DeliveryError } from './channel.js';
import { emailHtml } from './email-html.js';

/** One wording for every way of not getting a conversation, so the log cannot tell a closed port from a blocked address. */
export const UNREACHABLE_MAIL = 'Could not reach the mail server: check its address and port in Settings → Notifications';

const CONNECT_TIMEOUT_MS = 15_000;

/**
 * E-mail over the shop's own SMTP server. SMTP has no idempotency key: the Message-ID lets mail clients fold a repeat.
 * The connection is opened through the outbound guard (nodemailer's `getSocket`), so nodemailer never resolves or
 * connects on its own: it only talks SMTP (and TLS) over a socket to an address the guard let through.
 */
/** Why the shop cannot send e-mail at all, in its owner's words, or null when it can. */
export function emailNotReady(s: Pick<ProviderSettings, 'smtp' | 'senderEmail'>): string | null {
  if (!s.smtp) return 'e-mail is not set up yet: add your mail server in Settings → Notifications';
  if (!s.senderEmail) return 'e-mail has no sender address yet: add one in Settings → Notifications';
  return null;
}

export const emailChannel = (guard: OutboundGuard): ChannelAdapter => ({
  notReady: emailNotReady,

  async send(message, s, signal) {
    if (!s.smtp || !s.senderEmail) throw new DeliveryError('e-mail is not set up', true);
    const { host, port } = s.smtp;
    const transport = nodemailer.createTransport({
      host,
      port,
      secure: s.smtp.secure,
      ...(s.smtp.user ? { auth: { user: s.smtp.user, pass: s.smtp.password ?? '' } } : {}),
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: 15_000,
      socketTimeout: 20_000,
      getSocket: (_options, callback) => {
        guard.connect({ host, port, timeoutMs: CONNECT_TIMEOUT_MS, signal }).then(
          (connection) => callback(null, { connection }),
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), undefined),
        );
      },
    });
    const messageId = `<${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32)}@loupe>`;
    const logoUrl = message.brand?.logoUrl;
    const html = logoUrl ? emailHtml({ subject: message.subject, body: message.body, brand: { shopName: message.brand?.shopName ?? '', logoUrl } }) : undefined;
    try {
      const info = await transport.sendMail({
        from: s.senderName ? { name: s.senderName, address: s.senderEmail } : s.senderEmail,
        to: { name: message.recipientName, address: message.to },
        ...(s.replyTo ? { replyTo: s.replyTo } : {}),
        subject: message.subject,
        text: message.body,
        ...(html ? { html } : {}),
        ...(message.attachments?.length
          ? { attachments: message.attachments.map((a) => ({ filename: a.fileName, contentType: a.contentType, content: a.content })) }
          : {}),
        messageId,
        headers: { 'X-Loupe-Idempotency-Key': message.idempotencyKey },
        // Aborting closes the SMTP connection; the server drops a message whose DATA never ended.
        signal,
      });
      return { providerMessageId: info.messageId ?? messageId };
    } catch (err) {
      const { responseCode: code, code: kind } = err as { responseCode?: unknown; code?: unknown };
      const answered = typeof code === 'number' && code >= 200 && code < 600;
      // Only what a mail server actually answered (a reply code), or a fault in the message itself, is shown
      // in words; refused, timed out, no such name, blocked, TLS failed, no greeting: all the one wording.
      if (!answered && kind !== 'EENVELOPE' && kind !== 'EMESSAGE') throw new DeliveryError(UNREACHABLE_MAIL);
      // 5xx from the server is a refusal of this message (bad address); anything else may pass on retry.
      throw new DeliveryError(`The mail server said: ${err instanceof Error ? err.message : String(err)}`, answered && code >= 500 && code !== 554);
    } finally {
      transport.close();
    }
  },
});
