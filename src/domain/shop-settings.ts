import { getCountry, getTimezone } from 'countries-and-timezones';
export const locales = ['en-GB', 'en-AU', 'en-US'] as const;
export type Locale = (typeof locales)[number];

const countryOfLocale: Record<Locale, string> = { 'en-GB': 'GB', 'en-AU': 'AU', 'en-US': 'US' };
const currencyOfLocale: Record<Locale, string> = { 'en-GB': 'GBP', 'en-AU': 'AUD', 'en-US': 'USD' };
const zoneOfLocale: Record<Locale, string> = { 'en-GB': 'Europe/London', 'en-AU': 'Australia/Sydney', 'en-US': 'America/New_York' };

/** The locale Loupe has for a country (AU is en-AU), if it has one. */
export function localeOfCountry(country: string | undefined): Locale | undefined {
  return locales.find((l) => countryOfLocale[l] === country);
}

export function defaultsFor(locale: Locale) {
  return { country: countryOfLocale[locale], currency: currencyOfLocale[locale], timeZone: zoneOfLocale[locale] };
}

const currencies = new Set(Intl.supportedValuesOf('currency'));
const zones = new Set(Intl.supportedValuesOf('timeZone'));

export function isCurrency(code: string): boolean {
  return currencies.has(code);
}

export function isTimeZone(zone: string): boolean {
  if (zones.has(zone) || zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An ISO 3166 country code Loupe knows (GB, AU, US, ...). */
export function isCountry(code: string): boolean {
  return getCountry(code) !== null;
}

/**
 * The country a time zone belongs to (its first listed: Europe/London is GB, not Jersey), so a shop
 * that gives only its zone reads phone numbers as its customers type them. Undefined for UTC and the like.
 */
export function countryOfTimeZone(zone: string): string | undefined {
  return getTimezone(zone)?.countries[0];
}
