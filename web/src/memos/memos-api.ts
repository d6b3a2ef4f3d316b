import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';
import { idempotencyHeader } from '../api/submission-key';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type MemoSummary = Json<paths['/api/v1/memos']['get']['responses'][200]>['items'][number];
export type MemoDetail = Json<paths['/api/v1/memos/{id}']['get']['responses'][200]>;
export type MemoItem = MemoDetail['items'][number];
export type LinkedItem = Json<paths['/api/v1/memos/overdue']['get']['responses'][200]>['items'][number];
export type CreateMemo = Json<paths['/api/v1/memos']['post']['requestBody']>;
export type ItemInput = CreateMemo['items'][number];
export type MemoStatus = MemoSummary['status'];
export type Outcome = Json<paths['/api/v1/memos/{id}/items/{itemId}/reconcile']['post']['requestBody']>['outcome'];
export type ListFilters = NonNullable<paths['/api/v1/memos']['get']['parameters']['query']>;

export const memoKeys = {
  all: ['memos'] as const,
  list: (f: ListFilters) => ['memos', 'list', f] as const,
  detail: (id: string) => ['memos', 'detail', id] as const,
  overdue: ['memos', 'overdue'] as const,
  available: ['memos', 'available'] as const,
  contacts: ['memos', 'contacts'] as const,
  ofJob: (base: string, id: string) => ['memos', 'job', base, id] as const,
};

export const memoListQuery = (f: ListFilters) =>
  queryOptions({ queryKey: memoKeys.list(f), queryFn: () => unwrap(api.GET('/api/v1/memos', { params: { query: f } })) });
export const memoQuery = (id: string) =>
  queryOptions({ queryKey: memoKeys.detail(id), queryFn: () => unwrap(api.GET('/api/v1/memos/{id}', { params: { path: { id } } })) });
export const overdueQuery = queryOptions({ queryKey: memoKeys.overdue, queryFn: () => unwrap(api.GET('/api/v1/memos/overdue')) });
export const availableQuery = queryOptions({ queryKey: memoKeys.available, queryFn: () => unwrap(api.GET('/api/v1/memos/available-items')) });
export const contactsQuery = queryOptions({ queryKey: memoKeys.contacts, queryFn: () => unwrap(api.GET('/api/v1/memo-contacts')) });

export const createMemo = (body: CreateMemo, key?: string) => unwrap(api.POST('/api/v1/memos', { body, headers: idempotencyHeader(key) }));
/** `priceCents`: what a consignment piece sold at, the amount the consignee owes. */
export const reconcile = (memoId: string, itemId: string, outcome: Outcome, priceCents?: number) =>
  unwrap(api.POST('/api/v1/memos/{id}/items/{itemId}/reconcile', { params: { path: { id: memoId, itemId } }, body: { outcome, priceCents } }));

export const statusLabels: Record<MemoStatus, string> = {
  active: 'Active',
  returned: 'Returned',
  sold: 'Sold',
  expired: 'Expired',
  lost: 'Lost',
  closed: 'Closed',
};
export const statusColours: Record<MemoStatus, string> = {
  active: 'blue',
  returned: 'gray',
  sold: 'green',
  expired: 'orange',
  lost: 'red',
  closed: 'gray',
};
export const directionLabels = { in: 'Memo in', out: 'Consignment out' } as const;

export type MemoSettings = Json<paths['/api/v1/settings/memos']['get']['responses'][200]>;
export const memoSettingsQuery = queryOptions({ queryKey: ['memos', 'settings'] as const, queryFn: () => unwrap(api.GET('/api/v1/settings/memos')) });
export const saveMemoSettings = (body: Json<paths['/api/v1/settings/memos']['put']['requestBody']>) => unwrap(api.PUT('/api/v1/settings/memos', { body }));
