import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { notificationSettings, notificationTemplates, shops } from '../../db/schema/index.js';
import type { RoutingSettings } from '../../domain/delivery.js';
import { defaultTemplate, type MessageChannel, type NotificationEvent, type Template } from '../../domain/templates.js';
import type { ProviderSettings } from './channels/channel.js';
import type { SecretBox } from './secret-box.js';

export type SettingsRow = typeof notificationSettings.$inferSelect;

/** What a shop that has never opened its notification settings gets. */
export function defaultSettings(shopId: string): SettingsRow {
  return {
    shopId,
    events: { customer_ready: true, pickup_reminder: true },
    defaultChannel: 'customer',
    fallbackChannel: null,
    senderName: null,
    senderEmail: null,
    replyTo: null,
    reminderDays: [7, 14],
    readyDelayMinutes: 2,
    smtpHost: null,
    smtpPort: null,
    smtpSecure: false,
    smtpUser: null,
    smtpPasswordSealed: null,
    twilioAccountSid: null,
    twilioAuthTokenSealed: null,
    twilioSmsFrom: null,
    twilioWhatsappFrom: null,
    webhookUrl: null,
    webhookSecretSealed: null,
    updatedAt: new Date(0),
  };
}

export async function loadSettings(tx: Tx, shopId: string): Promise<SettingsRow> {
  const [row] = await tx.select().from(notificationSettings).where(eq(notificationSettings.shopId, shopId));
  return row ?? defaultSettings(shopId);
}

export async function saveSettings(tx: Tx, row: SettingsRow) {
  const { shopId, ...rest } = row;
  await tx
    .insert(notificationSettings)
    .values({ ...row, updatedAt: new Date() })
    .onConflictDoUpdate({ target: notificationSettings.shopId, set: { ...rest, updatedAt: new Date() } });
}

export function routingOf(s: SettingsRow): RoutingSettings {
  return { defaultChannel: s.defaultChannel as RoutingSettings['defaultChannel'], fallbackChannel: s.fallbackChannel as MessageChannel | null };
}

export function providersOf(s: SettingsRow, box: SecretBox): ProviderSettings {
  const open = (sealed: string | null) => (sealed ? box.open(sealed) : null);
  return {
    senderName: s.senderName,
    senderEmail: s.senderEmail,
    replyTo: s.replyTo,
    smtp:
      s.smtpHost && s.smtpPort ? { host: s.smtpHost, port: s.smtpPort, secure: s.smtpSecure, user: s.smtpUser, password: open(s.smtpPasswordSealed) } : null,
    twilio:
      s.twilioAccountSid && s.twilioAuthTokenSealed
        ? { accountSid: s.twilioAccountSid, authToken: open(s.twilioAuthTokenSealed) ?? '', smsFrom: s.twilioSmsFrom, whatsappFrom: s.twilioWhatsappFrom }
        : null,
    webhook: s.webhookUrl && s.webhookSecretSealed ? { url: s.webhookUrl, secret: open(s.webhookSecretSealed) ?? '' } : null,
  };
}

export async function templateFor(tx: Tx, shopId: string, event: NotificationEvent, channel: MessageChannel): Promise<Template & { custom: boolean }> {
  const [row] = await tx
    .select({ subject: notificationTemplates.subject, body: notificationTemplates.body })
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.shopId, shopId), eq(notificationTemplates.event, event), eq(notificationTemplates.channel, channel)));
  return row ? { ...row, custom: true } : { ...defaultTemplate(event, channel), custom: false };
}

export async function saveTemplate(tx: Tx, shopId: string, event: NotificationEvent, channel: MessageChannel, t: Template) {
  await tx
    .insert(notificationTemplates)
    .values({ shopId, event, channel, ...t })
    .onConflictDoUpdate({
      target: [notificationTemplates.shopId, notificationTemplates.event, notificationTemplates.channel],
      set: { ...t, updatedAt: new Date() },
    });
}

export async function deleteTemplate(tx: Tx, shopId: string, event: NotificationEvent, channel: MessageChannel) {
  await tx
    .delete(notificationTemplates)
    .where(and(eq(notificationTemplates.shopId, shopId), eq(notificationTemplates.event, event), eq(notificationTemplates.channel, channel)));
}

/** The shop's phone number as it gives it to customers (`{{shop.phone}}`); empty when it has none. */
export async function shopPhone(tx: Tx, shopId: string): Promise<string> {
  const [row] = await tx.select({ phone: shops.contactPhone }).from(shops).where(eq(shops.id, shopId));
  return row?.phone ?? '';
}

/** What a message's example values take from the shop: its name, phone, and how it writes money. */
export async function shopForPreview(tx: Tx, shopId: string) {
  const [row] = await tx
    .select({ name: shops.name, phone: shops.contactPhone, currency: shops.currency, locale: shops.locale })
    .from(shops)
    .where(eq(shops.id, shopId));
  if (!row) throw new Error(`shop ${shopId} not found in its own transaction`);
  return { ...row, phone: row.phone ?? '' };
}

/** The shop as its messages show it: its name and logo (an e-mail's HTML part shows the logo). */
export async function shopBrand(tx: Tx, shopId: string): Promise<{ shopName: string; logoUrl: string | null }> {
  const [row] = await tx.select({ name: shops.name, logoUrl: shops.logoUrl }).from(shops).where(eq(shops.id, shopId));
  return { shopName: row?.name ?? '', logoUrl: row?.logoUrl ?? null };
}
