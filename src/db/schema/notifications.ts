import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shops, tenantPolicy, updatedAt } from './tenancy.js';

/** How a shop tells its customers: which events, which channel, who it is from, and its providers. */
export const notificationSettings = pgTable(
  'notification_settings',
  {
    shopId: uuid('shop_id')
      .primaryKey()
      .references(() => shops.id, { onDelete: 'cascade' }),
    events: jsonb('events').$type<Record<string, boolean>>().notNull(),
    defaultChannel: text('default_channel').notNull(),
    fallbackChannel: text('fallback_channel'),
    senderName: text('sender_name'),
    senderEmail: text('sender_email'),
    replyTo: text('reply_to'),
    reminderDays: jsonb('reminder_days').$type<number[]>().notNull(),
    /** How long a ready message waits after the move, so a drop on Ready by mistake can be undone unsent. */
    readyDelayMinutes: integer('ready_delay_minutes').notNull().default(2),
    smtpHost: text('smtp_host'),
    smtpPort: integer('smtp_port'),
    smtpSecure: boolean('smtp_secure').notNull().default(false),
    smtpUser: text('smtp_user'),
    /** AES-256-GCM with the key from LOUPE_ENCRYPTION_KEY; never returned by the API. */
    smtpPasswordSealed: text('smtp_password_sealed'),
    twilioAccountSid: text('twilio_account_sid'),
    twilioAuthTokenSealed: text('twilio_auth_token_sealed'),
    twilioSmsFrom: text('twilio_sms_from'),
    twilioWhatsappFrom: text('twilio_whatsapp_from'),
    webhookUrl: text('webhook_url'),
    webhookSecretSealed: text('webhook_secret_sealed'),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('notification_settings_channel_known', sql`${t.defaultChannel} in ('customer', 'email', 'sms', 'whatsapp', 'webhook', 'preview')`),
    check(
      'notification_settings_fallback_known',
      sql`${t.fallbackChannel} is null or ${t.fallbackChannel} in ('email', 'sms', 'whatsapp', 'webhook', 'preview')`,
    ),
    check('notification_settings_ready_delay', sql`${t.readyDelayMinutes} between 0 and 10`),
    check('notification_settings_smtp_port', sql`${t.smtpPort} is null or ${t.smtpPort} between 1 and 65535`),
    tenantPolicy(t.shopId),
  ],
);

export const notificationTemplates = pgTable(
  'notification_templates',
  {
    shopId: uuid('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    channel: text('channel').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.event, t.channel] }), tenantPolicy(t.shopId)],
);

/** Columns the sender adds to an outbox row as it becomes a delivered (or undeliverable) message. */
export const outboxDeliveryColumns = {
  channel: text('channel'),
  toAddress: text('to_address'),
  subject: text('subject'),
  body: text('body'),
  providerMessageId: text('provider_message_id'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  /** A re-send a member of staff asked for, as opposed to one the stage move queued. */
  manual: boolean('manual').notNull().default(false),
  requestedBy: uuid('requested_by'),
  /** The sender holding the row and until when; a row whose lease ran out is taken over. */
  claimedBy: text('claimed_by'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
};
