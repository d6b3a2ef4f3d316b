import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { pipelines } from '../jobs/registry.js';
import { staffMessage, staffMessageList, staffReplyBody, unreadList } from './schemas.js';
import * as messages from './service.js';

/** Staff's side of each job's conversation with its customer, for every pipeline, and the hub's unread badges. */
export function messageRoutes(app: App, deps: AppDeps) {
  const tags = ['Messages (staff)'];
  // The customer's messages on a job of every pipeline: a repair's customer writes from the same tracking page.
  for (const { apiPath: path, store } of pipelines) {
    app.get(
      `${path}/:id/messages`,
      {
        schema: {
          tags,
          summary: 'A job’s messages with its customer, and how many are unread',
          params: idParams,
          response: { 200: staffMessageList },
        },
      },
      (req) => messages.listMessages(deps, actorOf(req), store, req.params.id),
    );
    app.post(
      `${path}/:id/messages`,
      {
        schema: {
          tags,
          summary: 'Answer the customer: kept on the job and sent on their channel (`staff_reply`)',
          params: idParams,
          body: staffReplyBody,
          response: { 201: staffMessage },
        },
      },
      async (req, reply) => reply.code(201).send(await messages.reply(deps, actorOf(req), store, req.params.id, req.body.body)),
    );
    app.post(
      `${path}/:id/messages/read`,
      {
        schema: {
          tags,
          summary: 'Mark the customer’s messages on a job read',
          params: idParams,
          response: { 200: z.object({ unread: z.number().int() }) },
        },
      },
      (req) => messages.markMessagesRead(deps, actorOf(req), store, req.params.id),
    );
  }
  app.get(
    '/api/v1/messages/unread',
    {
      schema: {
        tags,
        summary: 'Jobs of every pipeline with unread customer messages, newest first (the hub’s badges)',
        response: { 200: unreadList },
      },
    },
    (req) => messages.unreadMessages(deps, actorOf(req)),
  );
}
