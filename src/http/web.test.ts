import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webAppFromSource } from './web.js';

describe('npm run dev: the staff app from source', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(webAppFromSource);
    await app.ready();
  });
  afterAll(() => app.close());

  it("serves the SPA's routes through Vite, with the hot-reload client", async () => {
    const res = await app.inject({ method: 'GET', url: '/bespoke/new' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('/@vite/client');
    expect(res.body).toContain('/src/main.tsx');
  });

  it('compiles the source on request', async () => {
    const res = await app.inject({ method: 'GET', url: '/src/main.tsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
  });

  it('leaves the API to the API', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/nothing' })).statusCode).toBe(404);
  });
});
