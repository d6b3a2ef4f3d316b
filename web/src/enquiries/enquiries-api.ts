import { queryOptions } from '@tanstack/react-query';
import { budgetLabel as budgetIn } from '../../../src/domain/enquiry-budgets';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';
import { idempotencyHeader } from '../api/submission-key';
import type { ShopFormat } from '../format/shop-format';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type EnquirySummary = Json<paths['/api/v1/enquiries']['get']['responses'][200]>['items'][number];
export type EnquiryDetail = Json<paths['/api/v1/enquiries/{id}']['get']['responses'][200]>;
export type EnquiryStatus = EnquirySummary['status'];
export type SettableStatus = Json<paths['/api/v1/enquiries/{id}/status']['post']['requestBody']>['status'];

export const enquiryKeys = {
  all: ['enquiries'] as const,
  list: ['enquiries', 'list'] as const,
  unread: ['enquiries', 'unread'] as const,
  detail: (id: string) => ['enquiries', 'detail', id] as const,
  settings: ['enquiries', 'settings'] as const,
};

export const enquiryListQuery = queryOptions({
  queryKey: enquiryKeys.list,
  queryFn: () => unwrap(api.GET('/api/v1/enquiries')),
  refetchInterval: 30_000,
});

export const unreadEnquiriesQuery = queryOptions({
  queryKey: enquiryKeys.unread,
  queryFn: async () => (await unwrap(api.GET('/api/v1/enquiries/unread'))).unread,
  refetchInterval: 30_000,
});

export const enquiryQuery = (id: string) =>
  queryOptions({ queryKey: enquiryKeys.detail(id), queryFn: () => unwrap(api.GET('/api/v1/enquiries/{id}', { params: { path: { id } } })) });

export const enquirySettingsQuery = queryOptions({ queryKey: enquiryKeys.settings, queryFn: () => unwrap(api.GET('/api/v1/settings/enquiries')) });

export const setStatus = (id: string, status: SettableStatus) =>
  unwrap(api.POST('/api/v1/enquiries/{id}/status', { params: { path: { id } }, body: { status } }));
export const reply = (id: string, body: string, key: string) =>
  unwrap(api.POST('/api/v1/enquiries/{id}/replies', { params: { path: { id } }, body: { body }, headers: idempotencyHeader(key) }));
export type ConvertKind = NonNullable<EnquiryDetail['suggestedKind']>;
export const convert = (id: string, kind: ConvertKind) =>
  unwrap(api.POST('/api/v1/enquiries/{id}/convert', { params: { path: { id } }, body: { kind, fields: {} } }));

export const statusLabels: Record<EnquiryStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  booked: 'Booked',
  completed: 'Completed',
  converted: 'Converted',
  spam: 'Spam',
};

export const topicLabels: Record<EnquirySummary['topic'], string> = {
  bespoke: 'Bespoke piece',
  repair: 'Repair',
  valuation: 'Valuation',
  appointment: 'Appointment',
};

/** A budget in words, in the shop's currency: "£500 to £1,000". */
export const budgetLabel = (budget: EnquirySummary['budget'], fmt: Pick<ShopFormat, 'moneyShort' | 'toCents'>): string =>
  budgetIn(budget, (units) => fmt.moneyShort(fmt.toCents(units)));
