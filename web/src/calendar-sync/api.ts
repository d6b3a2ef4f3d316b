import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type S = paths['/api/v1/settings/calendar-sync'];
export type SyncSettings = Json<S['get']['responses'][200]>;
export type CalDavBody = Json<paths['/api/v1/settings/calendar-sync/caldav']['put']['requestBody']>;

export const syncKey = ['settings', 'calendar-sync'] as const;

export const syncQuery = queryOptions({
  queryKey: syncKey,
  queryFn: () => unwrap(api.GET('/api/v1/settings/calendar-sync')),
  // While changes wait to be pushed, the status follows them until they have gone.
  refetchInterval: (q) => ((q.state.data?.queue.pending ?? 0) > 0 ? 2_000 : false),
});

export const googleCalendarsQuery = queryOptions({
  queryKey: [...syncKey, 'google-calendars'] as const,
  queryFn: () => unwrap(api.GET('/api/v1/settings/calendar-sync/google/calendars')),
});

export const saveCalDav = (body: CalDavBody) => unwrap(api.PUT('/api/v1/settings/calendar-sync/caldav', { body }));
export const testCalDav = (body: CalDavBody) => unwrap(api.POST('/api/v1/settings/calendar-sync/caldav/test', { body }));
export const disconnect = (provider: 'caldav' | 'google') =>
  unwrap(api.DELETE('/api/v1/settings/calendar-sync/{provider}', { params: { path: { provider } } }));
export const connectGoogle = () => unwrap(api.POST('/api/v1/settings/calendar-sync/google/connect'));
export const chooseGoogleCalendar = (calendarId: string) => unwrap(api.PUT('/api/v1/settings/calendar-sync/google', { body: { calendarId } }));
export const syncNow = () => unwrap(api.POST('/api/v1/settings/calendar-sync/sync'));
