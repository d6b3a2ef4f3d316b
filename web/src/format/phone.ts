import { useSuspenseQuery } from '@tanstack/react-query';
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { meQuery } from '../api/queries';

/** A stored E.164 number as the shop would write it: 07912 345678 at home, +61 412 345 678 from abroad. */
export function readablePhone(e164: string, shopCountry: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  // By calling code, not country: +44 7911 is filed under Guernsey, +44 7624 the Isle of Man, and a
  // shop in Britain dials both as 07….
  return isSupportedCountry(shopCountry) && parsed.countryCallingCode === getCountryCallingCode(shopCountry)
    ? parsed.formatNational()
    : parsed.formatInternational();
}

/** `readablePhone` for the signed-in shop's country. */
export function useReadablePhone(): (e164: string) => string {
  const { data } = useSuspenseQuery(meQuery);
  const country = data.shop.country;
  return (e164) => readablePhone(e164, country);
}
