/** Message templates: plain text with `{{variable}}` placeholders from a fixed vocabulary. */

export const templateVariables = [
  'customer.firstName',
  'customer.name',
  'job.reference',
  'job.title',
  'job.stage',
  'job.balanceOwing',
  'job.items',
  'tracking.url',
  'shop.name',
  'shop.phone',
  'message.body',
] as const;
export type TemplateVariable = (typeof templateVariables)[number];
export type TemplateValues = Record<TemplateVariable, string>;

/** `staff_reply` carries a member of staff's answer to a customer's message from the tracking page. */
/** `design_ready` sends the customer to the renders marked for them, to approve or ask for changes. */
export const notificationEvents = ['customer_ready', 'pickup_reminder', 'staff_reply', 'design_ready'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const messageChannels = ['email', 'sms', 'whatsapp', 'webhook', 'preview'] as const;
export type MessageChannel = (typeof messageChannels)[number];

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a template uses that are not in the vocabulary. */
export function unknownVariables(template: string): string[] {
  const known = new Set<string>(templateVariables);
  return [...template.matchAll(placeholder)].map((m) => m[1] ?? '').filter((name) => !known.has(name));
}

export function render(template: string, values: TemplateValues): string {
  return template.replace(placeholder, (whole, name: string) => (name in values ? values[name as TemplateVariable] : whole));
}

export interface Template {
  subject: string;
  body: string;
}

const readyEmail: Template = {
  subject: 'Your {{job.title}} is ready to collect',
  body: 'Hello {{customer.firstName}},\n\nGood news: your {{job.title}} ({{job.reference}}) is finished and ready to collect from {{shop.name}}.\n\nYou can see it here: {{tracking.url}}\n\nSee you soon,\n{{shop.name}}',
};
const readyShort: Template = {
  subject: '',
  body: 'Hi {{customer.firstName}}, your {{job.title}} ({{job.reference}}) is ready to collect from {{shop.name}}. {{tracking.url}}',
};
const reminderEmail: Template = {
  subject: 'A reminder: your {{job.title}} is waiting for you',
  body: 'Hello {{customer.firstName}},\n\nYour {{job.title}} ({{job.reference}}) is still waiting for you at {{shop.name}}.\n\nDetails: {{tracking.url}}\n\n{{shop.name}}',
};
const reminderShort: Template = {
  subject: '',
  body: 'Hi {{customer.firstName}}, a reminder that your {{job.title}} ({{job.reference}}) is waiting at {{shop.name}}. {{tracking.url}}',
};

const replyEmail: Template = {
  subject: 'A message from {{shop.name}} about your {{job.title}}',
  body: 'Hello {{customer.firstName}},\n\n{{message.body}}\n\nYou can answer and follow your piece here: {{tracking.url}}\n\n{{shop.name}}',
};
const replyShort: Template = {
  subject: '',
  body: '{{shop.name}} ({{job.reference}}): {{message.body}} Reply at {{tracking.url}}',
};

const designEmail: Template = {
  subject: 'Your design for {{job.title}} is ready to see',
  body: 'Hello {{customer.firstName}},\n\nThe design for your {{job.title}} ({{job.reference}}) is ready. Have a look, then approve it or tell us what you would like changed:\n\n{{tracking.url}}\n\n{{shop.name}}',
};
const designShort: Template = {
  subject: '',
  body: 'Hi {{customer.firstName}}, the design for your {{job.title}} ({{job.reference}}) is ready to approve: {{tracking.url}} {{shop.name}}',
};

export function defaultTemplate(event: NotificationEvent, channel: MessageChannel): Template {
  const long = channel === 'email' || channel === 'preview' || channel === 'webhook';
  if (event === 'design_ready') return long ? designEmail : designShort;
  if (event === 'staff_reply') return long ? replyEmail : replyShort;
  if (event === 'pickup_reminder') return long ? reminderEmail : reminderShort;
  return long ? readyEmail : readyShort;
}

/**
 * A count with its noun in the form the shop's language asks for: "1 item", "3 items". The plural
 * category comes from Intl.PluralRules, so a locale whose rules differ from English's gets its own.
 */
export function countOf(n: number, locale: string, forms: { one: string; other: string }): string {
  const category = new Intl.PluralRules(locale).select(n);
  return `${new Intl.NumberFormat(locale).format(n)} ${category === 'one' ? forms.one : forms.other}`;
}

/** `{{job.items}}`: the lines of work on the job (what its slip lists), counted. */
export const itemsOf = (n: number, locale: string) => countOf(n, locale, { one: 'item', other: 'items' });

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
