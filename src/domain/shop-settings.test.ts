import { expect, it } from 'vitest';
import { countryOfTimeZone, defaultsFor, isCountry, localeOfCountry } from './shop-settings.js';

it('reads a country from a time zone, its main country first', () => {
  expect(countryOfTimeZone('Australia/Perth')).toBe('AU');
  expect(countryOfTimeZone('Europe/London')).toBe('GB');
  expect(countryOfTimeZone('America/New_York')).toBe('US');
  expect(countryOfTimeZone('Pacific/Auckland')).toBe('NZ');
  expect(countryOfTimeZone('UTC')).toBeUndefined();
  expect(countryOfTimeZone('Mars/Olympus_Mons')).toBeUndefined();
});

it('knows the locale of the countries Loupe has one for, and refuses codes that are not countries', () => {
  expect(localeOfCountry('AU')).toBe('en-AU');
  expect(localeOfCountry('FR')).toBeUndefined();
  expect(localeOfCountry(undefined)).toBeUndefined();
  expect(defaultsFor('en-AU')).toEqual({ country: 'AU', currency: 'AUD', timeZone: 'Australia/Sydney' });
  expect(['GB', 'NZ', 'JP'].every(isCountry)).toBe(true);
  expect(['XX', 'gb', 'GBR', ''].some(isCountry)).toBe(false);
});
