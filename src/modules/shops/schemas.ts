import { z } from 'zod';
import { passwordWeakness } from '../../domain/password-strength.js';
import { isCountry, isCurrency, isTimeZone, locales } from '../../domain/shop-settings.js';
import { nonBlank, timestamp } from '../../http/schemas.js';

export const staffRole = z.enum(['owner', 'manager', 'staff']);
const email = z.string().trim().toLowerCase().pipe(z.email('Not a valid e-mail address').max(254));
const password = z
  .string()
  .min(8, 'At least 8 characters')
  .max(256, 'At most 256 characters')
  .superRefine((value, ctx) => {
    const weakness = passwordWeakness(value);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  });
const currency = z.string().trim().toUpperCase().refine(isCurrency, 'Not an ISO 4217 currency code (e.g. GBP)');
const timeZone = z.string().trim().refine(isTimeZone, 'Not an IANA time zone (e.g. Europe/London)');
/** Phone numbers are read with it: 0412 345 678 in AU is +61412345678. */
const country = z.string().trim().toUpperCase().refine(isCountry, 'Not an ISO 3166 country code (e.g. GB)');

export const signUpBody = z.object({
  shopName: nonBlank(120),
  ownerName: nonBlank(120),
  email,
  password,
  currency: currency.optional(),
  timeZone: timeZone.optional(),
  locale: z.enum(locales).optional(),
  country: country.optional(),
});

export const signInBody = z.object({ email: z.string().trim().max(254), password: z.string().max(256) });

export const addStaffBody = z.object({ name: nonBlank(120), email, password, role: staffRole });

export const inviteBody = z.object({ name: nonBlank(120), email, role: staffRole }).strict();

export const acceptInviteBody = z.object({ password, name: nonBlank(120).optional() }).strict();

/** How an invitation's e-mail fared: waiting to go (or between tries), sent, not sent (and why), or given up on. */
export const inviteDelivery = z.object({
  status: z.enum(['waiting', 'sent', 'not_sent', 'failed']),
  detail: z.string().nullable(),
  sentAt: timestamp.nullable(),
});

export const invitation = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: staffRole,
  createdAt: timestamp,
  expiresAt: timestamp,
  delivery: inviteDelivery,
});

/** What the invitee sees before choosing a password. */
export const invitePreview = z.object({ shopName: z.string(), name: z.string(), email: z.string(), role: staffRole, expiresAt: timestamp });

export const inviteTokenParams = z.object({ token: z.string().min(20).max(100) });

export const shopSettingsBody = z
  .object({ name: nonBlank(120), currency, timeZone, locale: z.enum(locales), country })
  .partial()
  .strict();

export const shop = z.object({
  id: z.uuid(),
  name: z.string(),
  currency: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  country: z.string(),
  /** The shop's name in its public addresses: the enquiry form at `/enquire/<slug>` and `/api/v1/public/shops/<slug>`. */
  slug: z.string().nullable(),
  createdAt: timestamp,
});

export const user = z.object({ id: z.uuid(), name: z.string(), email: z.string(), role: staffRole, createdAt: timestamp });

/** A member as the staff screen lists them: `deactivatedAt` is set once an owner has let them go. */
export const staffMember = user.extend({ deactivatedAt: timestamp.nullable() });

export const staffRoleBody = z.object({ role: staffRole }).strict();

export const staffSession = z.object({
  /** A prefix of the session's stored hash: enough to tell sessions apart, never enough to use one. */
  id: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp,
  userAgent: z.string().nullable(),
});

export const userAndShop = z.object({ user, shop });

export type SignUpInput = z.infer<typeof signUpBody>;
export type SignInInput = z.infer<typeof signInBody>;
export type AddStaffInput = z.infer<typeof addStaffBody>;
export type InviteInput = z.infer<typeof inviteBody>;
export type AcceptInviteInput = z.infer<typeof acceptInviteBody>;
export type StaffRoleInput = z.infer<typeof staffRoleBody>;
export type ShopSettingsInput = z.infer<typeof shopSettingsBody>;
