import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { enquiries, shops, users } from '../../db/schema/index.js';
import { defaultChannel } from '../../domain/contact.js';
import { routeFor } from '../../domain/delivery.js';
import { budgetIn, enquiryBudgets } from '../../domain/enquiry-budgets.js';
import { firstName, type MessageChannel, type Template } from '../../domain/templates.js';
import type { OutgoingMessage } from '../notifications/channels/channel.js';
import { routingOf, type SettingsRow } from '../notifications/settings-store.js';
import { formatEnquiryReference } from './queries.js';
import { topicLabels } from './schemas.js';

/** What the outbox carries about enquiries: the shop told of a new one, the sender's acknowledgement, and staff answers. */
export const enquiryTopicsOut = ['enquiry_received', 'enquiry_ack', 'enquiry_reply'] as const;
export type EnquiryMessageTopic = (typeof enquiryTopicsOut)[number];

export const isEnquiryTopic = (topic: string): topic is EnquiryMessageTopic => (enquiryTopicsOut as readonly string[]).includes(topic);

const received: Template = {
  subject: 'New enquiry {{ref}}: {{topic}} from {{name}}',
  body: 'A new enquiry came in from your website.\n\n{{name}} ({{contact}})\nAbout: {{topic}}\nBudget: {{budget}}\n\n{{description}}\n\nOpen it in Loupe: {{url}}',
};
const ackLong: Template = {
  subject: 'Thank you for your enquiry to {{shop}}',
  body: 'Hello {{first}},\n\nThank you for getting in touch with {{shop}}. We have your enquiry ({{ref}}) about {{topicLower}} and will come back to you soon.\n\n{{shop}}',
};
const ackShort: Template = { subject: '', body: 'Hi {{first}}, thank you for your enquiry ({{ref}}) to {{shop}}. We will be in touch soon.' };
const replyLong: Template = { subject: 'Your enquiry to {{shop}} ({{ref}})', body: 'Hello {{first}},\n\n{{body}}\n\n{{shop}}' };
const replyShort: Template = { subject: '', body: '{{shop}} ({{ref}}): {{body}}' };

const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (whole, k: string) => values[k] ?? whole);

interface Prepared {
  channel: MessageChannel;
  message: OutgoingMessage;
}

/**
 * An enquiry's message, ready for its channel: to the shop (its contact e-mail, else its owner's) for
 * a new enquiry; to the person who asked, on their channel, for the acknowledgement and replies.
 */
export async function prepareEnquiryMessage(
  tx: Tx,
  row: { shop_id: string; topic: EnquiryMessageTopic; idempotency_key: string; payload: Record<string, unknown> | null },
  settings: SettingsRow,
  publicUrl: string,
): Promise<Prepared | { skip: string }> {
  const enquiryId = typeof row.payload?.enquiryId === 'string' ? row.payload.enquiryId : '';
  const [e] = enquiryId
    ? await tx
        .select()
        .from(enquiries)
        .where(and(eq(enquiries.shopId, row.shop_id), eq(enquiries.id, enquiryId)))
    : [];
  if (!e) return { skip: 'Not sent: the enquiry this message was about no longer exists.' };
  const [shop] = await tx
    .select({ name: shops.name, email: shops.contactEmail, currency: shops.currency, locale: shops.locale })
    .from(shops)
    .where(eq(shops.id, row.shop_id));
  const shopName = shop?.name ?? '';
  const ref = formatEnquiryReference(e.number);
  const url = `${publicUrl}/enquiries/${e.id}`;
  const job = { kind: 'enquiry', id: e.id, reference: ref, title: topicLabels[e.topic], trackingUrl: url };
  const routing = routingOf(settings);
  const budget = enquiryBudgets.find((b) => b === e.budget);
  const values = {
    ref,
    name: e.name,
    first: firstName(e.name),
    contact: [e.email, e.phone].filter(Boolean).join(', '),
    topic: topicLabels[e.topic],
    topicLower: topicLabels[e.topic].toLowerCase(),
    budget: budget && shop ? budgetIn(budget, shop.currency, shop.locale) : 'not said',
    description: e.description,
    url,
    shop: shopName,
    body: typeof row.payload?.body === 'string' ? row.payload.body : '',
  };
  if (row.topic === 'enquiry_received') {
    let to = shop?.email ?? null;
    if (!to) {
      const [owner] = await tx
        .select({ email: users.email })
        .from(users)
        .where(and(eq(users.shopId, row.shop_id), eq(users.role, 'owner')))
        .orderBy(asc(users.createdAt))
        .limit(1);
      to = owner?.email ?? null;
    }
    if (!to) return { skip: 'Not sent: the shop has no e-mail address to tell of new enquiries.' };
    // The shop's own e-mail goes by e-mail, or to the preview log while the shop only previews.
    const channel: MessageChannel = routing.defaultChannel === 'preview' ? 'preview' : 'email';
    return {
      channel,
      message: {
        idempotencyKey: row.idempotency_key,
        event: row.topic,
        to,
        subject: fill(received.subject, values),
        body: fill(received.body, values),
        recipientName: shopName,
        job,
      },
    };
  }
  if (row.topic === 'enquiry_reply' && values.body === '') return { skip: 'Not sent: there is no answer to send.' };
  const route = routeFor(routing, { name: e.name, email: e.email, phone: e.phone, preferredChannel: defaultChannel(e) }, settings.webhookUrl);
  if (route.channel === null) return { skip: route.problem };
  const long = route.channel === 'email' || route.channel === 'preview' || route.channel === 'webhook';
  const template = row.topic === 'enquiry_ack' ? (long ? ackLong : ackShort) : long ? replyLong : replyShort;
  return {
    channel: route.channel,
    message: {
      idempotencyKey: row.idempotency_key,
      event: row.topic,
      to: route.to,
      subject: fill(template.subject, values),
      body: fill(template.body, values),
      recipientName: e.name,
      job,
    },
  };
}
