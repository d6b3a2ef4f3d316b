import type { MessageChannel } from './templates.js';

export type CustomerChannel = 'email' | 'sms' | 'whatsapp';

export interface RoutingSettings {
  /** The channel the shop sends on. `customer` follows each customer's preferred channel. */
  defaultChannel: MessageChannel | 'customer';
  /** Used when the customer lacks the contact detail the default channel needs. */
  fallbackChannel: MessageChannel | null;
}

export interface Recipient {
  name: string;
  email: string | null;
  phone: string | null;
  preferredChannel: CustomerChannel;
}

export type Route = { channel: MessageChannel; to: string } | { channel: null; problem: string };

function addressFor(channel: MessageChannel, r: Recipient, webhookUrl: string | null): string | null {
  if (channel === 'email') return r.email;
  if (channel === 'sms' || channel === 'whatsapp') return r.phone;
  if (channel === 'webhook') return webhookUrl;
  return r.email ?? r.phone ?? r.name;
}

const needs = (channel: MessageChannel) =>
  channel === 'email' ? 'an e-mail address' : channel === 'webhook' ? 'a webhook address in settings' : 'a mobile number';
const label = (channel: MessageChannel) => ({ email: 'e-mail', sms: 'text message', whatsapp: 'WhatsApp', webhook: 'webhook', preview: 'preview' })[channel];

/** Where a message to this customer goes, or, in words a shop owner understands, why it cannot go. */
export function routeFor(settings: RoutingSettings, r: Recipient, webhookUrl: string | null = null): Route {
  const first: MessageChannel = settings.defaultChannel === 'customer' ? r.preferredChannel : settings.defaultChannel;
  const tried = [first, ...(settings.fallbackChannel && settings.fallbackChannel !== first ? [settings.fallbackChannel] : [])];
  for (const channel of tried) {
    const to = addressFor(channel, r, webhookUrl);
    if (to) return { channel, to };
  }
  const how = tried.map(label).join(' or ');
  const missing = tried.map(needs).join(' or ');
  return {
    channel: null,
    problem: `Not sent: no address. This shop sends by ${how}, and ${r.name} has no ${missing.replace(/^an? /, '').replace(/ or an? /g, ' or ')}. Add ${missing} to the customer's record, then press Re-send.`,
  };
}

/** Wait before attempt n+1 after n failures: 10 s, 20 s, 40 s, … capped at 30 minutes. */
export function backoffMs(failures: number, baseMs = 10_000, capMs = 30 * 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
}

export const MAX_ATTEMPTS = 8;
