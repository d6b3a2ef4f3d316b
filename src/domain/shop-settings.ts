export const locales = ['en-GB', 'en-AU', 'en-US'] as const;
export type Locale = (typeof locales)[number];

const countryOfLocale: Record<Locale, string> = { 'en-GB': 'GB', 'en-AU': 'AU', 'en-US': 'US' };
const currencyOfLocale: Record<Locale, string> = { 'en-GB': 'GBP', 'en-AU': 'AUD', 'en-US': 'USD' };
const zoneOfLocale: Record<Locale, string> = { 'en-GB': 'Europe/London', 'en-AU': 'Australia/Sydney', 'en-US': 'America/New_York' };

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
