import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { comment, commentBody, moveBody, paymentBody } from '../pipeline/schemas.js';
import { createBody, job, jobDetail, listQuery, moveAnswer, patchBody, paymentAnswer } from './schemas.js';
import * as service from './service.js';

export function bespokeRoutes(app: App, deps: AppDeps) {
  const tags = ['Bespoke jobs'];
  app.post('/api/v1/bespoke', { schema: { tags, summary: 'Take in a bespoke enquiry', body: createBody, response: { 201: job } } }, async (req, reply) =>
    reply.code(201).send(await service.createJob(deps, actorOf(req), req.body)),
  );

  app.get(
    '/api/v1/bespoke',
    { schema: { tags, summary: 'Bespoke jobs (active unless archived=true)', querystring: listQuery, response: { 200: z.object({ items: z.array(job) }) } } },
    (req) => service.listJobs(deps, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/bespoke/:id',
    { schema: { tags, summary: 'A bespoke job with its history, money, comments and messages', params: idParams, response: { 200: jobDetail } } },
    (req) => service.getJob(deps, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/v1/bespoke/:id',
    { schema: { tags, summary: 'Edit a bespoke job (not its stage); last write wins', params: idParams, body: patchBody, response: { 200: job } } },
    (req) => service.updateJob(deps, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/bespoke/:id/stage',
    { schema: { tags, summary: 'Move a bespoke job to another stage', params: idParams, body: moveBody, response: { 200: moveAnswer } } },
    (req) => service.moveJob(deps, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/bespoke/:id/comments',
    { schema: { tags, summary: 'Comment on a bespoke job', params: idParams, body: commentBody, response: { 201: comment } } },
    async (req, reply) => reply.code(201).send(await service.addComment(deps, actorOf(req), req.params.id, req.body.body)),
  );

  app.post(
    '/api/v1/bespoke/:id/payments',
    { schema: { tags, summary: 'Record a deposit, payment or refund', params: idParams, body: paymentBody, response: { 201: paymentAnswer } } },
    async (req, reply) => reply.code(201).send(await service.recordPayment(deps, actorOf(req), req.params.id, req.body)),
  );
}
