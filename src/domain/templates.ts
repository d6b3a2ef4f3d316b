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
  'appointment.kind',
  'appointment.when',
] as const;
export type TemplateVariable = (typeof templateVariables)[number];
export type TemplateValues = Record<TemplateVariable, string>;

/** `staff_reply` carries a member of staff's answer to a customer's message from the tracking page. */
/** `design_ready` sends the customer to the renders marked for them, to approve or ask for changes. */
export const jobEvents = ['customer_ready', 'pickup_reminder', 'staff_reply', 'design_ready'] as const;
export type JobEvent = (typeof jobEvents)[number];

/** An appointment confirmed when it is made (or moved), and a reminder the day before. */
export const appointmentEvents = ['appointment_confirmation', 'appointment_reminder'] as const;
export type AppointmentEvent = (typeof appointmentEvents)[number];

/** Every message a shop words with its own templates. */
export const notificationEvents = [...jobEvents, ...appointmentEvents] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const messageChannels = ['email', 'sms', 'whatsapp', 'webhook', 'preview'] as const;
export type MessageChannel = (typeof messageChannels)[number];

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

const appointmentOnly: ReadonlySet<TemplateVariable> = new Set(['appointment.kind', 'appointment.when']);
/** What a job's stage, money and conversation say: nothing an appointment has. */
const jobOnly: ReadonlySet<TemplateVariable> = new Set(['job.stage', 'job.balanceOwing', 'job.items', 'message.body']);

/** The variables an event's template may use: an appointment's time is no job message's, a job's balance no appointment's. */
export function variablesFor(event: NotificationEvent): TemplateVariable[] {
  const skip = (appointmentEvents as readonly string[]).includes(event) ? jobOnly : appointmentOnly;
  return templateVariables.filter((v) => !skip.has(v));
}

/** The placeholders a template uses that are not in the vocabulary (of one event, when given). */
export function unknownVariables(template: string, event?: NotificationEvent): string[] {
  const known = new Set<string>(event ? variablesFor(event) : templateVariables);
  return [...template.matchAll(placeholder)].map((m) => m[1] ?? '').filter((name) => !known.has(name));
}

/** Braces left over once every whole `{{name}}` is taken out: a placeholder opened and not closed, or the reverse. */
export function strayBraces(template: string): string[] {
  const rest = template.replace(placeholder, '');
  return [...rest.matchAll(/\{\{[^{}\n]{0,30}|[^{}\n]{0,30}\}\}/g)].map((m) => m[0].trim());
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

const confirmationEmail: Template = {
  subject: 'Your {{appointment.kind}} at {{shop.name}}: {{appointment.when}}',
  body: 'Hello {{customer.firstName}},\n\nThis is to confirm your {{appointment.kind}} at {{shop.name}} on {{appointment.when}}.\n\nIf the time no longer suits you, just let us know.\n\n{{shop.name}}',
};
const confirmationShort: Template = {
  subject: '',
  body: 'Hi {{customer.firstName}}, your {{appointment.kind}} at {{shop.name}} is booked for {{appointment.when}}.',
};
const appointmentReminderEmail: Template = {
  subject: 'See you soon: your {{appointment.kind}} at {{shop.name}}',
  body: 'Hello {{customer.firstName}},\n\nA reminder of your {{appointment.kind}} at {{shop.name}} on {{appointment.when}}.\n\nIf you cannot make it, please let us know.\n\n{{shop.name}}',
};
const appointmentReminderShort: Template = {
  subject: '',
  body: 'Hi {{customer.firstName}}, a reminder of your {{appointment.kind}} at {{shop.name}} on {{appointment.when}}.',
};

export function defaultTemplate(event: NotificationEvent, channel: MessageChannel): Template {
  const long = channel === 'email' || channel === 'preview' || channel === 'webhook';
  if (event === 'appointment_confirmation') return long ? confirmationEmail : confirmationShort;
  if (event === 'appointment_reminder') return long ? appointmentReminderEmail : appointmentReminderShort;
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

/** A job's `{{job.items}}`: its lines of work, and at least the piece itself (a commission has no lines and read "0 items"). */
export const itemsOnJob = (workLines: number, locale: string) => itemsOf(Math.max(1, workLines), locale);

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
