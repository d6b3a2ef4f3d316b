import { beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApi } from '../../scripts/openapi.js';
import { problemResponses, withProblemResponses } from './openapi-problems.js';
import { statusOf } from './problems.js';

const body = { requestBody: { content: {} }, responses: {} };

type Response = { $ref?: string; description?: string; content?: Record<string, { schema?: unknown }> };
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, Response>; requestBody?: { content: Record<string, unknown> } } & Record<string, unknown>>>;
  components: {
    responses: Record<string, Response>;
    schemas: Record<string, { properties: Record<string, unknown> & { code: { enum: string[] } }; additionalProperties?: boolean }>;
  };
};

describe('the failures written into the OpenAPI document', () => {
  it('gives a stage move its conflict, its stage-word refusal, and the session and shop refusals', () => {
    const r = problemResponses('/api/v1/bespoke/{id}/stage', 'post', body);
    expect(Object.keys(r).sort()).toEqual(['400', '401', '403', '404', '409', '413', '415', '422']);
    expect(r['422']?.$ref).toBe('#/components/responses/InvalidOrStage');
  });

  it('gives a public tracking read no session refusal, and its rate limit; a public tracking write its cross-site refusal', () => {
    const r = problemResponses('/api/v1/track/{code}', 'get', { security: [], responses: {} });
    expect(Object.keys(r).sort()).toEqual(['404', '429']);
    const w = problemResponses('/api/v1/track/{code}/messages', 'post', { security: [], ...body });
    expect(w['403']?.$ref).toBe('#/components/responses/CrossSite');
  });

  it('gives an upload (a multipart body) its size, type, file, rate and queue refusals', () => {
    const r = problemResponses('/api/v1/bespoke/{id}/attachments', 'post', { 'x-multipart-body': { schema: { type: 'object' } }, responses: {} });
    // 503 once the error table has a code for it (`server_busy`: the media queue is full).
    const busy = Object.values(statusOf).includes(503) ? ['503'] : [];
    expect(Object.keys(r).sort()).toEqual(['400', '401', '403', '404', '413', '415', '422', '429', ...busy]);
  });

  it('adds what a route names in x-problems, over what its shape gives', () => {
    const r = problemResponses('/api/v1/session', 'post', { security: [], 'x-problems': ['WrongCredentials'], ...body });
    expect(r['401']?.$ref).toBe('#/components/responses/WrongCredentials');
    const s = problemResponses('/api/v1/staff', 'post', { 'x-problems': ['EmailTaken'], ...body });
    expect(s['409']?.$ref).toBe('#/components/responses/EmailTaken');
  });

  it('keeps what a route declared, drops its x- notes, and defines every response it points at', () => {
    const openapiObject = {
      openapi: '3.1.0',
      paths: {
        '/api/v1/customers/{id}': { get: { responses: { '200': { description: 'ok' } } } },
        '/api/v1/things/{id}/files': {
          post: { 'x-multipart-body': { schema: { type: 'object' } }, 'x-problems': ['RateLimited'], responses: { '201': { description: 'made' } } },
        },
      },
    };
    const doc = withProblemResponses({ openapiObject } as unknown as Parameters<typeof withProblemResponses>[0]) as unknown as Doc;
    const responses = doc.paths['/api/v1/customers/{id}']?.get?.responses ?? {};
    expect(responses['200']).toEqual({ description: 'ok' });
    for (const [status, r] of Object.entries(responses)) {
      if (status === '200') continue;
      const name = r.$ref?.replace('#/components/responses/', '') ?? '';
      expect(doc.components.responses[name], status).toBeDefined();
    }
    const upload = doc.paths['/api/v1/things/{id}/files']?.post;
    expect(upload?.requestBody?.content).toHaveProperty('multipart/form-data');
    expect(upload).not.toHaveProperty('x-problems');
    expect(upload).not.toHaveProperty('x-multipart-body');
    expect(doc.components.schemas.Problem?.properties.code.enum).toContain('stage_conflict');
  });
});

describe('the document the routes make', () => {
  let doc: Doc;
  let operations: { name: string; op: Doc['paths'][string][string] }[];
  beforeAll(async () => {
    doc = JSON.parse(await renderOpenApi()) as Doc;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
  });

  it('documents every error code under its status, and each problem’s extra members', () => {
    expect(doc.components.schemas.Problem?.properties.code.enum.sort()).toEqual(Object.keys(statusOf).sort());
    expect(doc.components.schemas.Problem?.additionalProperties).toBe(false);
    expect(Object.keys(doc.components.schemas.Problem?.properties ?? {})).toEqual(
      expect.arrayContaining(['errors', 'currentStage', 'validStages', 'retryAfterSeconds']),
    );
  });

  it('declares what every operation answers when it succeeds: a schema for each content, or a 204 or a redirect with none', () => {
    for (const { name, op } of operations) {
      // A redirect is how a browser's round trip through another site (an OAuth consent screen) succeeds.
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2') || status.startsWith('3'));
      expect(success.length, name).toBeGreaterThan(0);
      for (const [status, r] of success) {
        if (status === '204' || status.startsWith('3')) expect(r.content, `${name} ${status}`).toBeUndefined();
        else expect(Object.values(r.content ?? {}).length, `${name} ${status} declares no content`).toBeGreaterThan(0);
      }
    }
  });

  it('gives uploads a multipart body, file downloads their media types and the live stream text/event-stream', () => {
    const upload = doc.paths['/api/v1/bespoke/{id}/attachments']?.post;
    expect(Object.keys(upload?.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    const file = doc.paths['/api/v1/attachments/{id}/file']?.get?.responses ?? {};
    expect(Object.keys(file['200']?.content ?? {})).toEqual(expect.arrayContaining(['image/jpeg', 'image/webp', 'application/pdf']));
    expect(file['304']?.content).toBeUndefined();
    expect(Object.keys(doc.paths['/api/v1/events']?.get?.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
    expect(doc.paths['/api/v1/attachments/{id}']?.delete?.responses['204']).toBeDefined();
    expect(doc.paths['/api/v1/session']?.delete?.responses['204']).toBeDefined();
  });
});
