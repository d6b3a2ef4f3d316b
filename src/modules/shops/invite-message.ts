import type { Tx } from '../../db/client.js';
import type { MessageChannel } from '../../domain/templates.js';
import type { OutgoingMessage } from '../notifications/channels/channel.js';
import * as iq from './invite-queries.js';
import { newSessionToken } from './session-tokens.js';

export const INVITE_TOPIC = 'staff_invite';

/** Why an invitation was not sent, when the shop cannot send e-mail: said on the invite's answer, its list and the log. */
export const inviteNotSent = (notReady: string) => `Not sent: invitations go by e-mail, and ${notReady}. Then send the invitation again.`;

const roleWords = { owner: 'an owner', manager: 'a manager', staff: 'a member of staff' } as const;

/**
 * The invitation e-mail. Its link's token is made now, as it is sent, and only its hash is kept, so
 * the link exists in the e-mail alone: a retry makes a new link and the older one stops working.
 * The delivery log keeps the words with the link left out.
 */
export async function prepareInviteMessage(
  tx: Tx,
  row: { shop_id: string; idempotency_key: string; payload: Record<string, unknown> | null },
  publicUrl: string,
  now: Date,
): Promise<{ channel: MessageChannel; message: OutgoingMessage; logged: string } | { skip: string }> {
  const inviteId = typeof row.payload?.inviteId === 'string' ? row.payload.inviteId : '';
  const found = inviteId ? await iq.inviteToSend(tx, row.shop_id, inviteId, now) : undefined;
  if (!found) return { skip: 'Not sent: the invitation was withdrawn, taken up or has expired.' };
  const { token, id: tokenHash } = newSessionToken();
  await iq.setInviteToken(tx, row.shop_id, found.id, tokenHash);
  const link = `${publicUrl}/invite/${token}`;
  const from = found.inviter ? `${found.inviter} has invited you` : 'You are invited';
  const words = (url: string) =>
    `Hello ${found.name},\n\n${from} to join ${found.shopName} on Loupe as ${roleWords[found.role]}.\n\nChoose your password here (the link works once, for 7 days):\n${url}\n\n${found.shopName}`;
  return {
    channel: 'email',
    logged: words('[the invitation link]'),
    message: {
      idempotencyKey: row.idempotency_key,
      event: INVITE_TOPIC,
      to: found.email,
      subject: `Join ${found.shopName} on Loupe`,
      body: words(link),
      recipientName: found.name,
      job: { kind: 'invite', id: found.id, reference: 'Invitation', title: `Invitation for ${found.name}`, trackingUrl: `${publicUrl}/invite` },
    },
  };
}
