import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';
import { idempotencyHeader } from '../api/submission-key';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Repair = Json<paths['/api/v1/repairs']['get']['responses'][200]>['items'][number];
export type RepairDetail = Json<paths['/api/v1/repairs/{id}']['get']['responses'][200]>;
export type RepairStage = Repair['stage'];
export type ItemType = Repair['itemType'];
export type WorkLine = Repair['workLines'][number];
export type WorkKind = WorkLine['kind'];
export type CreateRepairBody = Json<paths['/api/v1/repairs']['post']['requestBody']>;
export type PatchRepairBody = Json<NonNullable<paths['/api/v1/repairs/{id}']['patch']['requestBody']>>;
export type RepairPaymentBody = Json<paths['/api/v1/repairs/{id}/payments']['post']['requestBody']>;
export type HubJob = Json<paths['/api/v1/jobs']['get']['responses'][200]>['items'][number];

export const repairKeys = {
  all: ['repair'] as const,
  lists: ['repair', 'list'] as const,
  list: (archived: boolean) => ['repair', 'list', { archived }] as const,
  one: (id: string) => ['repair', 'detail', id] as const,
  hub: ['jobs', 'hub'] as const,
};

export const repairListQuery = (archived: boolean) =>
  queryOptions({
    queryKey: repairKeys.list(archived),
    queryFn: async () => (await unwrap(api.GET('/api/v1/repairs', { params: { query: archived ? { archived: 'true' } : {} } }))).items,
    staleTime: 30_000,
  });

export const repairQuery = (id: string) =>
  queryOptions({
    queryKey: repairKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/repairs/{id}', { params: { path: { id } } })),
    staleTime: 10_000,
  });

/** Both kinds of job together, for the workshop hub. */
export const hubJobsQuery = queryOptions({
  queryKey: repairKeys.hub,
  queryFn: async () => (await unwrap(api.GET('/api/v1/jobs'))).items,
  staleTime: 30_000,
});

export const createRepair = (body: CreateRepairBody, key?: string) => unwrap(api.POST('/api/v1/repairs', { params: { header: idempotencyHeader(key) }, body }));
export const patchRepair = (id: string, body: PatchRepairBody) => unwrap(api.PATCH('/api/v1/repairs/{id}', { params: { path: { id } }, body }));
export const moveRepair = (id: string, body: { to: RepairStage; from?: RepairStage; note?: string | null }) =>
  unwrap(api.POST('/api/v1/repairs/{id}/stage', { params: { path: { id } }, body }));
export const addRepairComment = (id: string, body: string) => unwrap(api.POST('/api/v1/repairs/{id}/comments', { params: { path: { id } }, body: { body } }));
export const recordRepairPayment = (id: string, body: RepairPaymentBody, key?: string) =>
  unwrap(api.POST('/api/v1/repairs/{id}/payments', { params: { path: { id }, header: idempotencyHeader(key) }, body }));

/** Where a repair's customer messages are read and answered: the shared thread talks to these. */
export const repairThread = (id: string) => ({
  list: () => unwrap(api.GET('/api/v1/repairs/{id}/messages', { params: { path: { id } } })),
  markRead: () => unwrap(api.POST('/api/v1/repairs/{id}/messages/read', { params: { path: { id } } })),
  reply: (body: string) => unwrap(api.POST('/api/v1/repairs/{id}/messages', { params: { path: { id } }, body: { body } })),
});
