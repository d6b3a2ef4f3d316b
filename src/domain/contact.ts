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
