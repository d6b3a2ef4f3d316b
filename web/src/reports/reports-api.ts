import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type Report = Json<paths['/api/v1/reports']['get']['responses'][200]>;
export type Figure = Report['figures'][number];
export type DrillQuery = paths['/api/v1/reports/jobs']['get']['parameters']['query'];
export type DrillJob = Json<paths['/api/v1/reports/jobs']['get']['responses'][200]>['items'][number];

// Under `jobs`: every pipeline's live events refresh it, so a move shows in the reports at once.
export const reportQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: ['jobs', 'reports', from, to] as const,
    queryFn: () => unwrap(api.GET('/api/v1/reports', { params: { query: { from, to } } })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const drillQuery = (q: DrillQuery) =>
  queryOptions({
    queryKey: ['jobs', 'reports', 'drill', q] as const,
    queryFn: async () => (await unwrap(api.GET('/api/v1/reports/jobs', { params: { query: q } }))).items,
  });

export const saveBenchmarkOptOut = (benchmarkOptOut: boolean) => unwrap(api.PATCH('/api/v1/reports/settings', { body: { benchmarkOptOut } }));

export const csvUrl = (figure: string, from: string, to: string) => `/api/v1/reports/${figure}.csv?from=${from}&to=${to}`;
