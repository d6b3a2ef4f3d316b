import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { noContent } from '../../http/openapi-problems.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { pipelines } from '../jobs/registry.js';
import { notification } from '../pipeline/schemas.js';
import {
  message,
  messageQuery,
  previewAnswer,
  previewBody,
  resendBody,
  settingsBody,
  settingsView,
  templateBody,
  templateItem,
  templateList,
  templateParams,
} from './schemas.js';
import * as service from './service.js';

export function notificationRoutes(app: App, deps: AppDeps) {
  const tags = ['Notifications'];
  app.get(
    '/api/v1/settings/notifications',
    {
      schema: {
        tags,
        summary: 'How this shop tells its customers (owners and managers; credentials are never returned)',
        'x-problems': ['Forbidden'],
        response: { 200: settingsView },
      },
    },
    (req) => service.getSettings(deps, actorOf(req)),
  );

  app.put(
    '/api/v1/settings/notifications',
    { schema: { tags, summary: 'Change notification settings (owners and managers)', body: settingsBody, response: { 200: settingsView } } },
    (req) => service.updateSettings(deps, actorOf(req), req.body),
  );

  app.get(
    '/api/v1/settings/notifications/templates',
    { schema: { tags, summary: 'Message templates per event and channel', response: { 200: templateList } } },
    (req) => service.listTemplates(deps, actorOf(req)),
  );

  app.put(
    '/api/v1/settings/notifications/templates/:event/:channel',
    { schema: { tags, summary: 'Change a template', params: templateParams, body: templateBody, response: { 200: templateItem } } },
    (req) => service.updateTemplate(deps, actorOf(req), req.params.event, req.params.channel, req.body),
  );

  app.delete(
    '/api/v1/settings/notifications/templates/:event/:channel',
    { schema: { tags, summary: 'Go back to the default template', params: templateParams, response: { 204: noContent } } },
    async (req, reply) => {
      await service.resetTemplate(deps, actorOf(req), req.params.event, req.params.channel);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/settings/notifications/templates/preview',
    { schema: { tags, summary: 'A template rendered with example values', body: previewBody, response: { 200: previewAnswer } } },
    (req) => service.previewTemplate(deps, actorOf(req), req.body),
  );

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: "The shop's recent customer messages (channel=preview: the preview page)",
        querystring: messageQuery,
        response: { 200: z.object({ items: z.array(message) }) },
      },
    },
    (req) => service.listMessages(deps, actorOf(req), req.query),
  );

  for (const { apiPath, store, designReview } of pipelines) {
    if (!designReview) continue;
    app.post(
      `${apiPath}/:id/renders/send`,
      {
        schema: {
          tags,
          summary: 'Email renders to the customer: their link to the customer-visible renders, to approve or ask for changes',
          description:
            'At the review stage only, where the customer can decide (else 409 `stage_conflict`), with at least one customer-visible render (else 422).',
          params: idParams,
          'x-problems': ['StageConflict', 'Invalid'],
          response: { 201: notification },
        },
      },
      async (req, reply) => reply.code(201).send(await service.sendRenders(deps, store, designReview.stage, actorOf(req), req.params.id)),
    );
  }

  // Re-sending is the same for every pipeline's jobs.
  for (const { apiPath: path, store } of pipelines) {
    app.post(
      `${path}/:id/notifications`,
      { schema: { tags, summary: 'Re-send a customer message on purpose', params: idParams, body: resendBody, response: { 201: notification } } },
      async (req, reply) => reply.code(201).send(await service.resend(deps, store, actorOf(req), req.params.id, req.body.event)),
    );
  }
}
