import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError, type FieldError, invalidField } from '../../domain/errors.js';
import { formatMoney } from '../../domain/money.js';
import {
  itemsOf,
  type JobEvent,
  type MessageChannel,
  messageChannels,
  type NotificationEvent,
  notificationEvents,
  render,
  strayBraces,
  type Template,
  templateVariables,
  unknownVariables,
  variablesFor,
} from '../../domain/templates.js';
import { renderStages } from '../../domain/tracking.js';
import { attachmentsOfJob } from '../attachments/present.js';
import { loadJob, queueManualMessage } from '../pipeline/engine.js';

import type { PipelineStore } from '../pipeline/store.js';
import { selectMessages } from './outbox-queries.js';
import type { SettingsInput } from './schemas.js';
import type { SecretBox } from './secret-box.js';
import { deleteTemplate, loadSettings, type SettingsRow, saveSettings, saveTemplate, shopForPreview, templateFor } from './settings-store.js';

function requireManager(actor: Actor) {
  if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change notification settings');
}

export function viewOf(s: SettingsRow, box: SecretBox) {
  return {
    events: { customer_ready: s.events.customer_ready !== false, pickup_reminder: s.events.pickup_reminder !== false },
    defaultChannel: s.defaultChannel as 'customer' | MessageChannel,
    fallbackChannel: s.fallbackChannel as MessageChannel | null,
    sender: { name: s.senderName, email: s.senderEmail, replyTo: s.replyTo },
    reminderDays: s.reminderDays,
    readyDelayMinutes: s.readyDelayMinutes,
    smtp:
      s.smtpHost && s.smtpPort
        ? { host: s.smtpHost, port: s.smtpPort, secure: s.smtpSecure, user: s.smtpUser, passwordSet: s.smtpPasswordSealed !== null }
        : null,
    twilio: s.twilioAccountSid
      ? { accountSid: s.twilioAccountSid, authTokenSet: s.twilioAuthTokenSealed !== null, smsFrom: s.twilioSmsFrom, whatsappFrom: s.twilioWhatsappFrom }
      : null,
    webhook: s.webhookUrl ? { url: s.webhookUrl, secretSet: s.webhookSecretSealed !== null } : null,
    encryptionReady: box.ready,
  };
}

export function getSettings(deps: { db: Database; box: SecretBox }, actor: Actor) {
  // Which mail server, account and webhook the shop uses is the managers' business.
  if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can see notification settings');
  return deps.db.tenant(actor.shopId, async (tx) => viewOf(await loadSettings(tx, actor.shopId), deps.box));
}

/** Applies a change to the settings; a secret left out keeps its stored value. */
function apply(s: SettingsRow, input: SettingsInput, box: SecretBox): SettingsRow {
  const next = { ...s };
  const seal = (value: string | null | undefined, kept: string | null) => (value === undefined ? kept : value === null ? null : box.seal(value));
  if (input.events) next.events = { ...s.events, ...input.events };
  if (input.defaultChannel) next.defaultChannel = input.defaultChannel;
  if (input.fallbackChannel !== undefined) next.fallbackChannel = input.fallbackChannel;
  if (input.reminderDays) next.reminderDays = [...new Set(input.reminderDays)].sort((a, b) => a - b);
  if (input.readyDelayMinutes !== undefined) next.readyDelayMinutes = input.readyDelayMinutes;
  if (input.sender) {
    if (input.sender.name !== undefined) next.senderName = input.sender.name ?? null;
    if (input.sender.email !== undefined) next.senderEmail = input.sender.email ?? null;
    if (input.sender.replyTo !== undefined) next.replyTo = input.sender.replyTo ?? null;
  }
  if (input.smtp === null) Object.assign(next, { smtpHost: null, smtpPort: null, smtpSecure: false, smtpUser: null, smtpPasswordSealed: null });
  else if (input.smtp) {
    Object.assign(next, {
      smtpHost: input.smtp.host,
      smtpPort: input.smtp.port,
      smtpSecure: input.smtp.secure ?? input.smtp.port === 465,
      smtpUser: input.smtp.user ?? null,
    });
    next.smtpPasswordSealed = seal(input.smtp.password, s.smtpPasswordSealed);
  }
  if (input.twilio === null) Object.assign(next, { twilioAccountSid: null, twilioAuthTokenSealed: null, twilioSmsFrom: null, twilioWhatsappFrom: null });
  else if (input.twilio) {
    Object.assign(next, {
      twilioAccountSid: input.twilio.accountSid,
      twilioSmsFrom: input.twilio.smsFrom ?? null,
      twilioWhatsappFrom: input.twilio.whatsappFrom ?? null,
    });
    next.twilioAuthTokenSealed = seal(input.twilio.authToken, s.twilioAuthTokenSealed);
  }
  if (input.webhook === null) Object.assign(next, { webhookUrl: null, webhookSecretSealed: null });
  else if (input.webhook) {
    next.webhookUrl = input.webhook.url;
    next.webhookSecretSealed = seal(input.webhook.secret, s.webhookSecretSealed);
  }
  return next;
}

/** Checks that belong to the settings as a whole, reported against the field to fix. */
function coherenceErrors(s: SettingsRow): FieldError[] {
  const errors: FieldError[] = [];
  if (s.smtpHost && !s.senderEmail) errors.push({ path: 'sender.email', message: 'E-mail needs a sender address' });
  if (s.twilioAccountSid && !s.twilioAuthTokenSealed) errors.push({ path: 'twilio.authToken', message: 'Required' });
  if (s.webhookUrl && !s.webhookSecretSealed) errors.push({ path: 'webhook.secret', message: 'Required, so the receiver can check the signature' });
  return errors;
}

export function updateSettings(deps: { db: Database; box: SecretBox }, actor: Actor, input: SettingsInput) {
  requireManager(actor);
  return deps.db.tenant(actor.shopId, async (tx) => {
    const next = apply(await loadSettings(tx, actor.shopId), input, deps.box);
    const errors = coherenceErrors(next);
    if (errors.length > 0) throw new DomainError('validation_failed', 'Validation failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
    await saveSettings(tx, next);
    return viewOf(next, deps.box);
  });
}

export function listTemplates(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const items = [];
    for (const event of notificationEvents)
      for (const channel of messageChannels)
        items.push({ event, channel, ...(await templateFor(tx, actor.shopId, event, channel)), variables: variablesFor(event) });
    return { items, variables: [...templateVariables] };
  });
}

function checkTemplate(t: Template, event: NotificationEvent) {
  const errors: FieldError[] = [];
  for (const field of ['subject', 'body'] as const) {
    // Sent as typed, a broken placeholder would reach the customer as braces instead of a link or a name.
    for (const stray of strayBraces(t[field]))
      errors.push({ path: field, message: `“${stray}” is not a whole placeholder: write {{name}}, two braces each side` });
    for (const name of unknownVariables(t[field], event))
      errors.push({
        path: field,
        message: `Unknown variable {{${name}}}; use one of ${variablesFor(event)
          .map((v) => `{{${v}}}`)
          .join(', ')}`,
      });
  }
  if (errors.length > 0) throw new DomainError('validation_failed', 'Validation failed', errors.map((e) => e.message).join('; '), { errors });
}

export function updateTemplate(deps: { db: Database }, actor: Actor, event: NotificationEvent, channel: MessageChannel, t: Template) {
  requireManager(actor);
  checkTemplate(t, event);
  return deps.db.tenant(actor.shopId, async (tx) => {
    await saveTemplate(tx, actor.shopId, event, channel, t);
    return { event, channel, ...(await templateFor(tx, actor.shopId, event, channel)), variables: variablesFor(event) };
  });
}

export function resetTemplate(deps: { db: Database }, actor: Actor, event: NotificationEvent, channel: MessageChannel) {
  requireManager(actor);
  return deps.db.tenant(actor.shopId, (tx) => deleteTemplate(tx, actor.shopId, event, channel));
}

/** The template as a customer would read it: example values for the job, the shop's own name, phone and money. */
export async function previewTemplate(deps: { db: Database }, actor: Actor, t: Template & { event: NotificationEvent }) {
  checkTemplate(t, t.event);
  const shop = await deps.db.tenant(actor.shopId, (tx) => shopForPreview(tx, actor.shopId));
  const values = {
    'customer.firstName': 'Grace',
    'customer.name': 'Grace Holloway',
    'job.reference': 'B-0042',
    'job.title': 'Oval sapphire halo ring',
    'job.stage': 'Ready to collect',
    'job.balanceOwing': formatMoney(125_000, shop.currency, shop.locale),
    'job.items': itemsOf(3, shop.locale),
    'tracking.url': 'https://example.test/track/abc123',
    'shop.name': shop.name,
    'shop.phone': shop.phone,
    'message.body': 'Your stones arrived today; we will send the design next week.',
    'appointment.kind': 'fitting',
    'appointment.when': 'Tuesday, 8 December 2026 at 14:30',
  };
  return { subject: render(t.subject, values), body: render(t.body, values) };
}

// The outbox is stamped by the database's clock, like the rows the moves queue, so the log orders them together.
export function resend(deps: { db: Database }, store: PipelineStore, actor: Actor, jobId: string, event: JobEvent) {
  return deps.db.tenant(actor.shopId, (tx) => queueManualMessage(tx, store, actor, jobId, event));
}

export function listMessages(deps: { db: Database }, actor: Actor, query: { channel?: MessageChannel | undefined; limit: number }) {
  return deps.db.tenant(actor.shopId, async (tx) => ({
    items: await selectMessages(tx)
      .where(and(eq(outbox.shopId, actor.shopId), query.channel ? eq(outbox.channel, query.channel) : undefined))
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(query.limit),
  }));
}

/**
 * "Email renders to the customer": at the review stage (where the tracking page takes the decision),
 * sends the customer their link to the renders marked customer-visible, on their channel, to approve
 * or ask for changes there. Sent earlier, the message asked for a decision the page could not take.
 */
export function sendRenders(deps: { db: Database }, store: PipelineStore, reviewStage: string, actor: Actor, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const job = await loadJob(tx, store, actor, jobId);
    if (job.stage !== reviewStage) {
      const at = store.def.labels[reviewStage] ?? reviewStage;
      throw new DomainError('stage_conflict', `Not at ${at}`, `Renders are sent for the customer's approval at ${at}; move the job there first.`, {
        currentStage: job.stage,
      });
    }
    const visible = (await attachmentsOfJob(tx, actor.shopId, jobId)).filter((a) => a.customerVisible && (renderStages as readonly string[]).includes(a.stage));
    if (visible.length === 0) {
      throw invalidField('attachments', 'Mark at least one CAD render as visible to the customer first');
    }
    return queueManualMessage(tx, store, actor, jobId, 'design_ready');
  });
}
