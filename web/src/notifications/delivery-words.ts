/** Delivery states and channels in the words a shop owner uses. */
export const channelWord: Record<string, string> = {
  email: 'E-mail',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  webhook: 'Webhook',
  preview: 'Preview (kept in Loupe)',
};

export const statusWord: Record<string, string> = {
  pending: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed, will retry',
  dead: 'Gave up',
  skipped: 'Not sent',
  cancelled: 'Not sent: the job left ready first',
};

export const statusColor: Record<string, string> = {
  sent: 'teal',
  delivered: 'teal',
  pending: 'gray',
  sending: 'blue',
  failed: 'orange',
  dead: 'red',
  skipped: 'red',
  cancelled: 'gray',
};

export const eventWord: Record<string, string> = {
  customer_ready: 'Ready to collect',
  pickup_reminder: 'Pickup reminder',
  staff_reply: 'Reply from the shop',
  design_ready: 'Renders to approve',
  staff_invite: 'Invitation to join the staff',
  enquiry_received: 'New web enquiry (to the shop)',
  enquiry_ack: 'Enquiry acknowledged',
  enquiry_reply: 'Reply to an enquiry',
  appointment_confirmation: 'Appointment confirmed',
  appointment_reminder: 'Appointment reminder',
};

export const wordOr = (table: Record<string, string>, key: string | null): string => (key ? (table[key] ?? key) : '—');

/**
 * A delivery's state in words: a message that could not go for want of an address says so on its badge,
 * and one "sent" on the preview channel went nowhere but Loupe, which the badge must not hide.
 */
export function statusOf(d: { status: string; lastError: string | null; channel?: string | null }): string {
  if (d.status === 'skipped' && d.lastError?.startsWith('Not sent: no address')) return 'Not sent: no address';
  if (d.status === 'sent' && d.channel === 'preview') return 'Kept in Loupe (preview)';
  return wordOr(statusWord, d.status);
}
