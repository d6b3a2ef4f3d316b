import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type Channel = NonNullable<NonNullable<paths['/api/v1/notifications']['get']['parameters']['query']>['channel']>;
export type SentMessage = Json<paths['/api/v1/notifications']['get']['responses'][200]>['items'][number];

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (channel: Channel | null) => ['notifications', 'list', { channel }] as const,
};

export const messagesQuery = (channel: Channel | null) =>
  queryOptions({
    queryKey: notificationKeys.list(channel),
    queryFn: async () => (await unwrap(api.GET('/api/v1/notifications', { params: { query: channel ? { channel, limit: 200 } : { limit: 200 } } }))).items,
    staleTime: 5_000,
    refetchInterval: 5_000,
  });
