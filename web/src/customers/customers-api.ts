import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type CustomerDetail = Json<paths['/api/v1/customers/{id}']['get']['responses'][200]>;
export type CustomerPayment = CustomerDetail['payments'][number];
export type JobSummary = Json<paths['/api/v1/jobs']['get']['responses'][200]>['items'][number];
export type NewCustomer = Json<paths['/api/v1/customers']['post']['requestBody']>;

export const customerKeys = {
  detail: (id: string) => ['customers', 'detail', id] as const,
  jobs: (id: string) => ['jobs', 'customer', id] as const,
};

export const customerQuery = (id: string) =>
  queryOptions({ queryKey: customerKeys.detail(id), queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })) });

/** Every job of the customer's, of every pipeline, archived ones included: the jobs list says each one's stage in words and its price. */
export const customerJobsQuery = (id: string) =>
  queryOptions({
    queryKey: customerKeys.jobs(id),
    queryFn: async () => (await unwrap(api.GET('/api/v1/jobs', { params: { query: { customerId: id, archived: 'true' } } }))).items,
  });

export const createCustomer = (body: NewCustomer, key: string) => unwrap(api.POST('/api/v1/customers', { body, headers: { 'Idempotency-Key': key } }));
export const mergeCustomer = (id: string, intoId: string, key: string) =>
  unwrap(api.POST('/api/v1/customers/{id}/merge', { params: { path: { id } }, body: { intoId }, headers: { 'Idempotency-Key': key } }));
export const saveNotes = (id: string, notes: string | null) => unwrap(api.PATCH('/api/v1/customers/{id}', { params: { path: { id } }, body: { notes } }));

/** What a customer has paid towards one job: deposits and payments in, refunds out. */
export function paidTowards(payments: readonly CustomerPayment[], jobId: string): number {
  return payments.filter((p) => p.jobId === jobId && !p.voidedAt).reduce((sum, p) => sum + (p.kind === 'refund' ? -p.amountCents : p.amountCents), 0);
}
