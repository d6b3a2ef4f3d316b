import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 for a number as a customer gives it, read with the shop's country as the default region. */
export function toE164(input: string, country: string): string | null {
  const parsed = parsePhoneNumberFromString(input, country as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}

export type Channel = 'email' | 'sms' | 'whatsapp';

/** The channel to use when none is chosen: e-mail if there is an address, else text. */
export function defaultChannel(contact: { email?: string | null; phone?: string | null }): Channel {
  if (contact.email) return 'email';
  if (contact.phone) return 'sms';
  return 'email';
}

/** Why a chosen channel cannot reach this customer, or null when it can. */
export function channelProblem(channel: Channel, contact: { email?: string | null; phone?: string | null }): string | null {
  if (channel === 'email' && !contact.email) return 'E-mail was chosen but there is no e-mail address';
  if (channel !== 'email' && !contact.phone) return `${channel === 'sms' ? 'Text message' : 'WhatsApp'} was chosen but there is no phone number`;
  return null;
}

/** A name's words, lower case and without accents: "Zoë O'Brien-Łukasz" → zoe, o, brien, lukasz. */
function nameWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/giu, 'l')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * Whether two names could be one person's, as written by them and by the shop: the same first name or
 * the same surname ("Grace O." and "Grace Obi" could; "Zoë O'Brien" and "Grace Holloway" could not).
 * A phone number alone is shared by households and passed on, so it matches a customer only with this.
 */
export function namesAgree(a: string, b: string): boolean {
  const x = nameWords(a);
  const y = nameWords(b);
  if (x.length === 0 || y.length === 0) return false;
  return x[0] === y[0] || (x.length > 1 && y.length > 1 && x.at(-1) === y.at(-1));
}
