import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type ShopBody = Json<paths['/api/v1/shop']['patch']['requestBody']>;
export type ContactBody = Json<paths['/api/v1/shop/contact']['patch']['requestBody']>;
export type Locale = NonNullable<ShopBody['locale']>;

export const contactQuery = queryOptions({ queryKey: ['shop', 'contact'] as const, queryFn: () => unwrap(api.GET('/api/v1/shop/contact')) });

export const saveShop = (body: ShopBody) => unwrap(api.PATCH('/api/v1/shop', { body }));
export const saveContact = (body: ContactBody) => unwrap(api.PATCH('/api/v1/shop/contact', { body }));

export const localeLabels: Record<Locale, string> = {
  'en-GB': 'British English (31/12/2026)',
  'en-AU': 'Australian English (31/12/2026)',
  'en-US': 'American English (12/31/2026)',
};
