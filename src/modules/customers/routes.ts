import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { customer, customerBody, customerDetail, customerPatchBody, customerQuery, mergeBody } from './schemas.js';
import * as service from './service.js';

export function customerRoutes(app: App, deps: AppDeps) {
  const tags = ['Customers'];
  app.post('/api/v1/customers', { schema: { tags, summary: 'Add a customer', body: customerBody, response: { 201: customer } } }, async (req, reply) =>
    reply.code(201).send(await service.createCustomer(deps, actorOf(req), req.body)),
  );

  app.get(
    '/api/v1/customers',
    {
      schema: {
        tags,
        summary: 'Find customers by name, e-mail or phone',
        querystring: customerQuery,
        response: { 200: z.object({ items: z.array(customer) }) },
      },
    },
    (req) => service.searchCustomers(deps, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/customers/:id',
    { schema: { tags, summary: 'A customer with their jobs and payments', params: idParams, response: { 200: customerDetail } } },
    (req) => service.getCustomer(deps, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/v1/customers/:id',
    { schema: { tags, summary: "Change a customer's details", params: idParams, body: customerPatchBody, response: { 200: customer } } },
    (req) => service.updateCustomer(deps, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/customers/:id/merge',
    {
      schema: {
        tags,
        summary:
          'Merge a duplicate customer into another (owners and managers): jobs, payments and messages move over, the duplicate goes, and the merge is recorded',
        params: idParams,
        body: mergeBody,
        response: { 200: customerDetail },
      },
    },
    (req) => service.mergeCustomer(deps, actorOf(req), req.params.id, req.body),
  );
}
