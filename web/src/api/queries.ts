import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './problem';

/** Query keys and fetchers, one place, so invalidation (live events, mutations) names the same keys. */
export const keys = {
  me: ['me'] as const,
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

export const customersQuery = (q: string) =>
  queryOptions({
    queryKey: keys.customers(q),
    queryFn: async () => (await unwrap(api.GET('/api/v1/customers', { params: { query: q ? { q } : {} } }))).items,
    staleTime: 30_000,
  });
