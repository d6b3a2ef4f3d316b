import type { Tx } from '../../db/client.js';
import { firstName, type MessageChannel } from '../../domain/templates.js';
import type { OutgoingMessage } from '../notifications/channels/channel.js';
import { routingOf, type SettingsRow } from '../notifications/settings-store.js';
import * as q from './queries.js';
import { verifyUrlOf } from './service.js';

/** What the outbox carries about passports: the certificate e-mailed to the piece's owner. */
export const passportTopicsOut = ['passport_certificate'] as const;
export type PassportMessageTopic = (typeof passportTopicsOut)[number];

export const isPassportTopic = (topic: string): topic is PassportMessageTopic => (passportTopicsOut as readonly string[]).includes(topic);

/** An address the owner's contact names, if it is one: the contact is free text (an e-mail or a phone). */
export function ownerEmailOf(contact: string | null): string | null {
  const c = contact?.trim() ?? '';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c) ? c : null;
}

/**
 * The certificate's covering e-mail, to the passport's current owner. By e-mail (or to the preview log
 * while the shop only previews): a PDF goes on no other channel. The PDF itself was queued with the row.
 */
export async function preparePassportMessage(
  tx: Tx,
  row: { shop_id: string; topic: PassportMessageTopic; idempotency_key: string; payload: Record<string, unknown> | null },
  settings: SettingsRow,
  publicUrl: string,
): Promise<{ channel: MessageChannel; message: OutgoingMessage } | { skip: string }> {
  const passportId = typeof row.payload?.passportId === 'string' ? row.payload.passportId : '';
  const p = passportId ? await q.findPassport(tx, row.shop_id, passportId) : undefined;
  if (!p) return { skip: 'Not sent: the passport this message was about no longer exists.' };
  const to = ownerEmailOf(p.ownerContact);
  if (!to) return { skip: 'Not sent: the owner has no e-mail address on the passport.' };
  const shop = await q.shopOf(tx, row.shop_id);
  const url = verifyUrlOf(publicUrl, p.number);
  const channel: MessageChannel = routingOf(settings).defaultChannel === 'preview' ? 'preview' : 'email';
  const note = typeof row.payload?.note === 'string' && row.payload.note ? [row.payload.note, ''] : [];
  return {
    channel,
    message: {
      idempotencyKey: row.idempotency_key,
      event: row.topic,
      to,
      subject: `Your provenance passport ${p.number} from ${shop?.name ?? p.issuerName}`,
      body: [
        `Hello ${firstName(p.ownerName)},`,
        '',
        ...note,
        `Attached is the certificate of your ${p.title}'s provenance passport, ${p.number}. Keep it with the piece.`,
        `Anyone can check it, and its history, at ${url}; the code printed on the certificate checks it even offline.`,
        '',
        shop?.name ?? p.issuerName,
      ].join('\n'),
      recipientName: p.ownerName,
      job: { kind: 'passport', id: p.id, reference: p.number, title: p.title, trackingUrl: url },
    },
  };
}
