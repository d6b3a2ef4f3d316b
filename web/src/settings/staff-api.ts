import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type StaffMember = Json<paths['/api/v1/staff']['get']['responses'][200]>['items'][number];
export type StaffSession = Json<paths['/api/v1/staff/{id}/sessions']['get']['responses'][200]>['items'][number];
export type NewMember = Json<paths['/api/v1/staff']['post']['requestBody']>;
export type Role = StaffMember['role'];

export const roleLabels: Record<Role, string> = { owner: 'Owner', manager: 'Manager', staff: 'Staff' };
export const roleHelp: Record<Role, string> = {
  owner: 'Everything, including roles and letting staff go',
  manager: 'Settings and adding staff, but not owners',
  staff: 'Jobs, customers and payments',
};

export const staffKeys = {
  all: ['staff'] as const,
  sessions: (id: string) => ['staff', id, 'sessions'] as const,
};

export const staffQuery = queryOptions({ queryKey: staffKeys.all, queryFn: () => unwrap(api.GET('/api/v1/staff')) });

export const sessionsQuery = (id: string) =>
  queryOptions({ queryKey: staffKeys.sessions(id), queryFn: () => unwrap(api.GET('/api/v1/staff/{id}/sessions', { params: { path: { id } } })) });

export const addMember = (body: NewMember, key: string) => unwrap(api.POST('/api/v1/staff', { body, headers: { 'Idempotency-Key': key } }));
export const changeRole = (id: string, role: Role) => unwrap(api.PATCH('/api/v1/staff/{id}', { params: { path: { id } }, body: { role } }));
export const letGo = (id: string) => unwrap(api.DELETE('/api/v1/staff/{id}', { params: { path: { id } } }));
export const endSessions = (id: string) => unwrap(api.DELETE('/api/v1/staff/{id}/sessions', { params: { path: { id } } }));

export type Invitation = Json<paths['/api/v1/staff/invites']['get']['responses'][200]>['items'][number];
export type NewInvitation = Json<paths['/api/v1/staff/invites']['post']['requestBody']>;

export const invitesKey = ['staff', 'invites'] as const;
export const invitesQuery = queryOptions({ queryKey: invitesKey, queryFn: () => unwrap(api.GET('/api/v1/staff/invites')) });
export const sendInvite = (body: NewInvitation, key: string) => unwrap(api.POST('/api/v1/staff/invites', { body, headers: { 'Idempotency-Key': key } }));
export const withdrawInvite = (id: string) => unwrap(api.DELETE('/api/v1/staff/invites/{id}', { params: { path: { id } } }));
