import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { paths } from '../api/schema';
import { idempotencyHeader } from '../api/submission-key';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Passport = Json<paths['/api/v1/passports/{id}']['get']['responses'][200]>;
export type PassportDraft = Json<paths['/api/v1/passports/draft']['get']['responses'][200]>;
export type IssueBody = Json<paths['/api/v1/passports']['post']['requestBody']>;
export type EventBody = Json<paths['/api/v1/passports/{id}/events']['post']['requestBody']>;
export type PatchBody = Json<paths['/api/v1/passports/{id}']['patch']['requestBody']>;

export const passportKeys = {
  all: ['passports'] as const,
  one: (id: string) => ['passports', id] as const,
  draft: (jobId: string, stage = '') => ['passports', 'draft', jobId, stage] as const,
};

export const passportQuery = (id: string) =>
  queryOptions({ queryKey: passportKeys.one(id), queryFn: () => unwrap(api.GET('/api/v1/passports/{id}', { params: { path: { id } } })) });

export const draftQuery = (jobId: string, stage?: string) =>
  queryOptions({ queryKey: passportKeys.draft(jobId, stage), queryFn: () => unwrap(api.GET('/api/v1/passports/draft', { params: { query: { jobId } } })) });

export const issuePassport = (body: IssueBody, key: string) => unwrap(api.POST('/api/v1/passports', { params: { header: idempotencyHeader(key) }, body }));

export const addEvent = (id: string, body: EventBody, key: string) =>
  unwrap(api.POST('/api/v1/passports/{id}/events', { params: { path: { id }, header: idempotencyHeader(key) }, body }));

export const updatePassport = (id: string, body: PatchBody) => unwrap(api.PATCH('/api/v1/passports/{id}', { params: { path: { id } }, body }));

export const newTransferCode = (id: string) => unwrap(api.POST('/api/v1/passports/{id}/transfer-code', { params: { path: { id } } }));

export const certificateUrl = (id: string) => `/api/v1/passports/${encodeURIComponent(id)}/certificate.pdf`;

export type PassportSummary = Json<paths['/api/v1/passports']['get']['responses'][200]>['items'][number];

export const passportListQuery = queryOptions({ queryKey: [...passportKeys.all, 'list'] as const, queryFn: () => unwrap(api.GET('/api/v1/passports', {})) });

export type JobLink = Json<paths['/api/v1/passports/job-link']['get']['responses'][200]>;
export type LinkedJob = Passport['linkedJobs'][number];
export type StoneBody = NonNullable<IssueBody['stones']>[number];

export const jobLinkQuery = (jobId: string, stage = '') =>
  queryOptions({
    queryKey: [...passportKeys.all, 'job-link', jobId, stage] as const,
    queryFn: () => unwrap(api.GET('/api/v1/passports/job-link', { params: { query: { jobId } } })),
  });

export const searchPassports = async (q: string) => (await unwrap(api.GET('/api/v1/passports', { params: { query: { q } } }))).items;

export const linkJob = (id: string, jobId: string, key: string) =>
  unwrap(api.POST('/api/v1/passports/{id}/jobs', { params: { path: { id }, header: idempotencyHeader(key) }, body: { jobId } }));

export const unlinkJob = (id: string, jobId: string) => unwrap(api.DELETE('/api/v1/passports/{id}/jobs/{jobId}', { params: { path: { id, jobId } } }));

export const emailCertificate = (id: string, note: string | null, key: string) =>
  unwrap(api.POST('/api/v1/passports/{id}/certificate-email', { params: { path: { id }, header: idempotencyHeader(key) }, body: { note } }));

export const searchJobs = async (q: string) => (await unwrap(api.GET('/api/v1/jobs', { params: { query: { q, archived: 'true' } } }))).items;
