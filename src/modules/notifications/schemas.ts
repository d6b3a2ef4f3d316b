import { z } from 'zod';
import { jobEvents, messageChannels, notificationEvents, templateVariables } from '../../domain/templates.js';
import { optionalText } from '../../http/schemas.js';
import { notification } from '../pipeline/schemas.js';

const email = z.string().trim().toLowerCase().pipe(z.email('Not a valid e-mail address').max(254));
const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'A number in international form, e.g. +447912345678');
const routeChannel = z.enum(['customer', ...messageChannels]);

/** Secrets are write-only: a string sets, null clears, leaving it out keeps what is stored. */
const secret = (min: number) => z.string().min(min, `At least ${min} characters`).max(500).nullish();

export const settingsBody = z
  .object({
    events: z.object({ customer_ready: z.boolean(), pickup_reminder: z.boolean() }).partial().strict(),
    defaultChannel: routeChannel,
    fallbackChannel: z.enum(messageChannels).nullable(),
    sender: z.object({ name: optionalText(120), email: email.nullish(), replyTo: email.nullish() }).strict(),
    reminderDays: z.array(z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days')).max(5),
    readyDelayMinutes: z.number().int('Whole minutes').min(0, 'From 0 to 10 minutes').max(10, 'From 0 to 10 minutes'),
    smtp: z
      .object({
        host: z.string().trim().min(1, 'Required').max(253),
        port: z.number().int('A whole number').min(1, 'A port from 1 to 65535').max(65535, 'A port from 1 to 65535'),
        secure: z.boolean().optional(),
        user: optionalText(200),
        password: secret(1),
      })
      .strict()
      .nullable(),
    twilio: z
      .object({
        accountSid: z
          .string()
          .trim()
          .regex(/^AC[0-9a-fA-F]{32}$/, 'A Twilio account SID starts with AC and has 34 characters'),
        authToken: secret(8),
        smsFrom: e164.nullish(),
        whatsappFrom: e164.nullish(),
      })
      .strict()
      .nullable(),
    webhook: z
      .object({ url: z.url({ protocol: /^https?$/, message: 'An http(s) address' }), secret: secret(16) })
      .strict()
      .nullable(),
  })
  .partial()
  .strict();

export const settingsView = z.object({
  events: z.object({ customer_ready: z.boolean(), pickup_reminder: z.boolean() }),
  defaultChannel: routeChannel,
  fallbackChannel: z.enum(messageChannels).nullable(),
  sender: z.object({ name: z.string().nullable(), email: z.string().nullable(), replyTo: z.string().nullable() }),
  reminderDays: z.array(z.number().int()),
  /** How long a ready message waits after the move, so the move can be undone before the customer hears. */
  readyDelayMinutes: z.number().int().min(0).max(10),
  smtp: z.object({ host: z.string(), port: z.number().int(), secure: z.boolean(), user: z.string().nullable(), passwordSet: z.boolean() }).nullable(),
  twilio: z.object({ accountSid: z.string(), authTokenSet: z.boolean(), smsFrom: z.string().nullable(), whatsappFrom: z.string().nullable() }).nullable(),
  webhook: z.object({ url: z.string(), secretSet: z.boolean() }).nullable(),
  /** Whether the server has a key to seal credentials with. */
  encryptionReady: z.boolean(),
});

export const templateParams = z.object({ event: z.enum(notificationEvents), channel: z.enum(messageChannels) });
export const templateBody = z.object({ subject: z.string().max(300).default(''), body: z.string().trim().min(1, 'Required').max(5000) }).strict();
export const templateItem = z.object({
  event: z.enum(notificationEvents),
  channel: z.enum(messageChannels),
  subject: z.string(),
  body: z.string(),
  custom: z.boolean(),
  /** The variables this event's template may use. */
  variables: z.array(z.enum(templateVariables)),
});
export const templateList = z.object({ items: z.array(templateItem), variables: z.array(z.enum(templateVariables)) });
export const previewBody = templateBody.extend({ event: z.enum(notificationEvents).default('customer_ready') });
export const previewAnswer = z.object({ subject: z.string(), body: z.string() });

export const resendBody = z.object({ event: z.enum(jobEvents).default('customer_ready') }).strict();

/** A message in the shop-wide list: a job's delivery-log entry, and which job it was about. */
export const message = notification.extend({
  jobKind: z.string().nullable(),
  jobId: z.uuid().nullable(),
  reference: z.string().nullable(),
});

export const messageQuery = z.object({ channel: z.enum(messageChannels).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

export type SettingsInput = z.infer<typeof settingsBody>;
