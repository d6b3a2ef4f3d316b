import { api } from './client';
import { unwrap } from './problem';
import { idempotencyHeader } from './submission-key';
import type { CreateCustomerBody, CreateJobBody, PatchJobBody, PaymentBody, Stage } from './types';

/** The writes the screens make, each one call. */
export const moveJob = (id: string, body: { to: Stage; from?: Stage; note?: string | null }) =>
  unwrap(api.POST('/api/v1/bespoke/{id}/stage', { params: { path: { id } }, body }));

export const createJob = (body: CreateJobBody, key?: string) => unwrap(api.POST('/api/v1/bespoke', { params: { header: idempotencyHeader(key) }, body }));

export const patchJob = (id: string, body: PatchJobBody) => unwrap(api.PATCH('/api/v1/bespoke/{id}', { params: { path: { id } }, body }));

export const createCustomer = (body: CreateCustomerBody, key?: string) =>
  unwrap(api.POST('/api/v1/customers', { params: { header: idempotencyHeader(key) }, body }));

export const recordPayment = (id: string, body: PaymentBody, key?: string) =>
  unwrap(api.POST('/api/v1/bespoke/{id}/payments', { params: { path: { id }, header: idempotencyHeader(key) }, body }));

export const addComment = (id: string, body: string) => unwrap(api.POST('/api/v1/bespoke/{id}/comments', { params: { path: { id } }, body: { body } }));

export const bespokeThread = (id: string) => ({
  list: () => unwrap(api.GET('/api/v1/bespoke/{id}/messages', { params: { path: { id } } })),
  markRead: () => unwrap(api.POST('/api/v1/bespoke/{id}/messages/read', { params: { path: { id } } })),
  reply: (body: string) => unwrap(api.POST('/api/v1/bespoke/{id}/messages', { params: { path: { id } }, body: { body } })),
});
