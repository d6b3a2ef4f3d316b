import { z } from 'zod';

const status = z.object({
  state: z.enum(['connecting', 'active', 'revoked']),
  lastSyncedAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
});

export const syncView = z.object({
  caldav: status.extend({ url: z.string(), username: z.string(), passwordSet: z.boolean() }).nullable(),
  google: z.object({
    /** What the server's operator has not set: the connect screen says so plainly. */
    missing: z.array(z.string()),
    connection: status.extend({ calendarId: z.string().nullable() }).nullable(),
  }),
  queue: z.object({
    pending: z.number().int(),
    failed: z.number().int(),
    failures: z.array(
      z.object({ provider: z.enum(['caldav', 'google']), subject: z.enum(['job', 'appointment']), subjectId: z.uuid(), error: z.string().nullable() }),
    ),
  }),
  encryptionReady: z.boolean(),
});

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'Give the calendar’s address, starting http:// or https://' })
  .max(2000)
  .refine((u) => !new URL(u).username && !new URL(u).password, 'Put the user name and password in their own fields, not in the address');

export const caldavBody = z.object({
  url: httpUrl,
  username: z.string().trim().min(1).max(200),
  /** Left out: keep the stored one. */
  password: z.string().min(1).max(500).optional(),
});
export type CalDavBody = z.infer<typeof caldavBody>;

export const testAnswer = z.object({ ok: z.boolean(), message: z.string() });

export const connectAnswer = z.object({ url: z.string() });

export const callbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
});

export const calendarList = z.object({ items: z.array(z.object({ id: z.string(), summary: z.string(), primary: z.boolean() })) });

export const googleBody = z.object({ calendarId: z.string().trim().min(1).max(500) });

export const providerParams = z.object({ provider: z.enum(['caldav', 'google']) });

export const syncAnswer = z.object({ queued: z.number().int(), problems: z.array(z.string()) });
