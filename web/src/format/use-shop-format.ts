import { useSuspenseQuery } from '@tanstack/react-query';
import { meQuery } from '../api/queries';
import { type ShopFormat, shopFormat } from './shop-format';

/** One set of formats per shop setting, made once: every screen part asks, and Intl's constructors are slow. */
const made = new Map<string, ShopFormat>();

/** Formats for the signed-in shop: its locale, time zone and currency drive every date and amount. */
export function useShopFormat(): ShopFormat {
  const { data } = useSuspenseQuery(meQuery);
  const { locale, timeZone, currency } = data.shop;
  const key = `${locale}|${timeZone}|${currency}`;
  let fmt = made.get(key);
  if (!fmt) {
    fmt = shopFormat({ locale, timeZone, currency });
    made.set(key, fmt);
  }
  return fmt;
}
