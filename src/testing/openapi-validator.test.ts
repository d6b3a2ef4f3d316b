import Fastify from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenApiValidator } from './openapi-validator.js';

const problem = { $ref: '#/components/responses/NotFound' };
const doc: OpenAPIV3_1.Document = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
        required: ['id'],
        additionalProperties: false,
      },
      Problem: { type: 'object', properties: { code: { type: 'string' }, status: { type: 'integer' } }, required: ['code'], additionalProperties: false },
    },
    responses: { NotFound: { description: 'nf', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
  },
  paths: {
    '/api/v1/things/{id}': {
      get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, '404': problem } },
      delete: { responses: { '204': { description: 'gone' } } },
    },
    '/api/v1/things/{id}/photo': { get: { responses: { '200': { description: 'a photo', content: { 'image/jpeg': {} } } } } },
  },
};

// Each answer the little app gives is picked by the query string.
const app = Fastify();
app.get('/api/v1/things/:id', (req, reply) => {
  const q = req.query as Record<string, string>;
  if (q.as === 'extra') return reply.send({ id: 'a', secret: 1 });
  if (q.as === 'date') return reply.send({ id: 'a', at: 'yesterday' });
  if (q.as === 'conflict') return reply.code(409).type('application/problem+json').send({ code: 'stage_conflict' });
  if (q.as === 'missing') return reply.code(404).type('application/problem+json').send({ code: 'not_found', status: 404 });
  return reply.send({ id: 'a', at: new Date(0).toISOString() });
});
app.delete('/api/v1/things/:id', (req, reply) => ((req.query as Record<string, string>).as === 'ok' ? reply.code(204).send() : reply.send({ ok: true })));
app.get('/api/v1/things/:id/photo', (req, reply) =>
  (req.query as Record<string, string>).as === 'json' ? reply.send({ no: 1 }) : reply.type('image/jpeg').send(Buffer.from([0xff, 0xd8, 0xff])),
);
afterAll(() => app.close());

const v = OpenApiValidator.for(doc);
const check = async (method: 'GET' | 'DELETE', url: string) => v.check(method, url, await app.inject({ method, url }));

describe('checking answers against the OpenAPI document', () => {
  it('passes answers the document declares', async () => {
    expect(await check('GET', '/api/v1/things/1')).toEqual([]);
    expect(await check('GET', '/api/v1/things/1?as=missing')).toEqual([]);
    expect(await check('DELETE', '/api/v1/things/1?as=ok')).toEqual([]);
    expect(await check('GET', '/api/v1/things/1/photo')).toEqual([]);
  });

  it('names the operation, the status and the schema error', async () => {
    expect(await check('GET', '/api/v1/things/1?as=extra')).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/things\/\{id\} answered 200 .*additional properties \(secret\)/),
    ]);
    expect(await check('GET', '/api/v1/things/1?as=date')).toEqual([expect.stringContaining('/at must match format "date-time"')]);
    expect(await check('GET', '/api/v1/things/1?as=conflict')).toEqual([
      expect.stringContaining('answered 409, which it does not declare (declared: 200, 404)'),
    ]);
  });

  it('refuses a body where none is declared, and a media type not declared', async () => {
    expect(await check('DELETE', '/api/v1/things/1')).toEqual([expect.stringContaining('answered 200, which it does not declare')]);
    expect(await check('GET', '/api/v1/things/1/photo?as=json')).toEqual([expect.stringContaining('as application/json, but declares image/jpeg')]);
  });

  it('checks an /api/ answer that matches no operation as a problem, and leaves pages alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(v.check('GET', '/api/v1/nothing', res)).toEqual([expect.stringContaining('matches no operation')]);
    expect(v.check('GET', '/some/page', res)).toEqual([]);
  });
});
