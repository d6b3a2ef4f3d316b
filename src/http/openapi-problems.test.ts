import { describe, expect, it } from 'vitest';
import { problemResponses, withProblemResponses } from './openapi-problems.js';

const body = { requestBody: { content: {} }, responses: {} };

describe('the failures written into the OpenAPI document', () => {
  it('gives a stage move its conflict, its stage-word refusal, and the session and shop refusals', () => {
    const r = problemResponses('/api/v1/bespoke/{id}/stage', 'post', body);
    expect(Object.keys(r).sort()).toEqual(['400', '401', '403', '404', '409', '413', '415', '422']);
    expect(r['422']?.$ref).toBe('#/components/responses/InvalidOrStage');
  });

  it('gives a public tracking read no session refusal, and its rate limit', () => {
    const r = problemResponses('/api/v1/track/{code}', 'get', { security: [], responses: {} });
    expect(Object.keys(r).sort()).toEqual(['404', '429']);
  });

  it('gives an upload its size, type and file refusals though it declares no JSON body', () => {
    const r = problemResponses('/api/v1/bespoke/{id}/attachments', 'post', { responses: {} });
    expect(r).toMatchObject({ '413': {}, '415': {}, '422': {}, '429': {} });
  });

  it('keeps what a route declared and defines every response it points at', () => {
    const doc = withProblemResponses({
      openapiObject: { openapi: '3.1.0', paths: { '/api/v1/customers/{id}': { get: { responses: { '200': { description: 'ok' } } } } } },
    }) as {
      paths: Record<string, { get: { responses: Record<string, { $ref?: string }> } }>;
      components: { responses: Record<string, unknown>; schemas: Record<string, { properties: { code: { enum: string[] } } }> };
    };
    const responses = doc.paths['/api/v1/customers/{id}']?.get.responses ?? {};
    expect(responses['200']).toEqual({ description: 'ok' });
    for (const [status, r] of Object.entries(responses)) {
      if (status === '200') continue;
      const name = r.$ref?.replace('#/components/responses/', '') ?? '';
      expect(doc.components.responses[name], status).toBeDefined();
    }
    expect(doc.components.schemas.Problem?.properties.code.enum).toContain('stage_conflict');
  });
});
