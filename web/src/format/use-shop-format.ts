import { useSuspenseQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { meQuery } from '../api/queries';
import { type ShopFormat, shopFormat } from './shop-format';

/** Formats for the signed-in shop: its locale, time zone and currency drive every date and amount. */
export function useShopFormat(): ShopFormat {
  const { data } = useSuspenseQuery(meQuery);
  const { locale, timeZone, currency } = data.shop;
  return useMemo(() => shopFormat({ locale, timeZone, currency }), [locale, timeZone, currency]);
}
