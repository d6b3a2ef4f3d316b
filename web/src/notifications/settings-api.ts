import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type S = paths['/api/v1/settings/notifications'];
export type NotificationSettings = Json<S['get']['responses'][200]>;
export type SettingsBody = Json<S['put']['requestBody']>;
type T = paths['/api/v1/settings/notifications/templates'];
export type Templates = Json<T['get']['responses'][200]>;
export type Template = Templates['items'][number];
export type TemplateEvent = Template['event'];
export type TemplateChannel = Template['channel'];

export const settingsKeys = {
  settings: ['settings', 'notifications'] as const,
  templates: ['settings', 'notifications', 'templates'] as const,
};

export const settingsQuery = queryOptions({
  queryKey: settingsKeys.settings,
  queryFn: () => unwrap(api.GET('/api/v1/settings/notifications')),
});

export const templatesQuery = queryOptions({
  queryKey: settingsKeys.templates,
  queryFn: () => unwrap(api.GET('/api/v1/settings/notifications/templates')),
});

export const saveSettings = (body: SettingsBody) => unwrap(api.PUT('/api/v1/settings/notifications', { body }));
export const saveTemplate = (event: TemplateEvent, channel: TemplateChannel, body: { subject: string; body: string }) =>
  unwrap(api.PUT('/api/v1/settings/notifications/templates/{event}/{channel}', { params: { path: { event, channel } }, body }));
export const resetTemplate = (event: TemplateEvent, channel: TemplateChannel) =>
  unwrap(api.DELETE('/api/v1/settings/notifications/templates/{event}/{channel}', { params: { path: { event, channel } } }));
export const previewTemplate = (body: { subject: string; body: string; event: TemplateEvent }) =>
  unwrap(api.POST('/api/v1/settings/notifications/templates/preview', { body }));
