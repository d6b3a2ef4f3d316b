import { queryOptions } from '@tanstack/react-query';
import { api } from './client';
import { takeEarlyMe } from './early-me';
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
  // The first answer is usually index.html's early request; a refused one is asked again here, where a 401 is handled.
  queryFn: async () => (await takeEarlyMe()) ?? unwrap(api.GET('/api/v1/me')),
  staleTime: 5 * 60_000,
  retry: false,
});

export const customersQuery = (q: string) =>
  queryOptions({
    queryKey: keys.customers(q),
    queryFn: async () => (await unwrap(api.GET('/api/v1/customers', { params: { query: q ? { q } : {} } }))).items,
    staleTime: 30_000,
  });
