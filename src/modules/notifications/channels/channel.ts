import type { MessageChannel } from '../../../domain/templates.js';

export interface OutgoingMessage {
  /** Names the cause (one stage move, one re-send); providers that honour it send once per key. */
  idempotencyKey: string;
  event: string;
  to: string;
  subject: string;
  body: string;
  recipientName: string;
  job: { kind: string; id: string; reference: string; title: string; trackingUrl: string };
  /** Files queued with the message (a certificate): e-mail attaches them; channels that carry no files leave them. */
  attachments?: MessageAttachment[];
  /** The shop it comes from, as e-mail shows it: its logo above the words (an HTML part) when it has one. */
  brand?: { shopName: string; logoUrl: string | null };
}

export interface MessageAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface ProviderSettings {
  senderName: string | null;
  senderEmail: string | null;
  replyTo: string | null;
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null } | null;
  twilio: { accountSid: string; authToken: string; smsFrom: string | null; whatsappFrom: string | null } | null;
  webhook: { url: string; secret: string } | null;
}

export interface Delivered {
  providerMessageId: string | null;
}

/** A failed send; `permanent` ones are not retried (the provider refused the message itself). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface ChannelAdapter {
  /** Why this shop cannot send on this channel yet, in words for the owner; null when it can. */
  notReady(settings: ProviderSettings): string | null;
  /**
   * Sends one message. `signal` aborts when the attempt's deadline passes: the adapter stops at once
   * (closes its connection), so nothing goes out after the sender has recorded the attempt as failed.
   */
  send(message: OutgoingMessage, settings: ProviderSettings, signal: AbortSignal): Promise<Delivered>;
}

export type ChannelAdapters = Record<MessageChannel, ChannelAdapter>;
