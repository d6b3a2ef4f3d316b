import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import { takeEarlyBoard } from './early-board';
import { unwrap } from './problem';

/** Query keys and fetchers, one place, so invalidation (live events, mutations) names the same keys. */
export const keys = {
  me: ['me'] as const,
  jobs: ['bespoke', 'list'] as const,
  jobList: (archived: boolean) => ['bespoke', 'list', { archived }] as const,
  job: (id: string) => ['bespoke', 'detail', id] as const,
  customers: (q: string) => ['customers', q] as const,
  /** Both pipelines' unread customer messages: under `jobs`, which every pipeline's live events refresh. */
  unreadMessages: ['jobs', 'messages', 'unread'] as const,
};

export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: () => unwrap(api.GET('/api/v1/me')),
  staleTime: 5 * 60_000,
  retry: false,
});

export const jobListQuery = (archived: boolean) =>
  queryOptions({
    queryKey: keys.jobList(archived),
    queryFn: async () =>
      (await takeEarlyBoard(archived)) ?? (await unwrap(api.GET('/api/v1/bespoke', { params: { query: archived ? { archived: 'true' } : {} } }))).items,
    staleTime: 30_000,
  });

export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: keys.job(id),
    queryFn: () => unwrap(api.GET('/api/v1/bespoke/{id}', { params: { path: { id } } })),
    staleTime: 10_000,
  });

export const customersQuery = (q: string) =>
  queryOptions({
    queryKey: keys.customers(q),
    queryFn: async () => (await unwrap(api.GET('/api/v1/customers', { params: { query: q ? { q } : {} } }))).items,
    staleTime: 30_000,
  });
