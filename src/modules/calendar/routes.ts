import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { noContent } from '../../http/openapi-problems.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { feedCalendar } from './feed.js';
import {
  appointment,
  appointmentBody,
  appointmentDetail,
  appointmentPatch,
  appointmentQuery,
  calendarAnswer,
  calendarQuery,
  dueDateAnswer,
  dueDateBody,
  feedAddress,
  feedParams,
  feedSettings,
  feedState,
  newFeed,
  optionalFeedSettings,
} from './schemas.js';
import * as service from './service.js';

export function calendarRoutes(app: App, deps: AppDeps) {
  const tags = ['Calendar'];
  app.get(
    '/api/v1/calendar',
    {
      schema: {
        tags,
        summary: "Every pipeline's due dates and the appointments in a range of days (at most 100)",
        querystring: calendarQuery,
        response: { 200: calendarAnswer },
      },
    },
    (req) => service.calendarOf(deps, actorOf(req), req.query),
  );

  app.patch(
    '/api/v1/calendar/jobs/:id/due-date',
    {
      schema: {
        tags,
        summary: "Set, move or clear a job's due date, whatever its pipeline; recorded in the job's activity",
        params: idParams,
        body: dueDateBody,
        response: { 200: dueDateAnswer },
      },
    },
    (req) => service.moveDueDate(deps, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/appointments',
    { schema: { tags, summary: 'Make an appointment with a customer', body: appointmentBody, response: { 201: appointmentDetail } } },
    async (req, reply) => reply.code(201).send(await service.createAppointment(deps, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/appointments',
    {
      schema: {
        tags,
        summary: 'Appointments in a range of days, soonest first',
        querystring: appointmentQuery,
        response: { 200: z.object({ items: z.array(appointment) }) },
      },
    },
    (req) => service.listAppointments(deps, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/appointments/:id',
    { schema: { tags, summary: 'An appointment, with what its customer has been sent', params: idParams, response: { 200: appointmentDetail } } },
    (req) => service.getAppointment(deps, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/appointments/:id',
    { schema: { tags, summary: 'Move or change an appointment', params: idParams, body: appointmentPatch, response: { 200: appointmentDetail } } },
    (req) => service.updateAppointment(deps, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/appointments/:id',
    { schema: { tags, summary: 'Cancel an appointment', params: idParams, response: { 204: noContent } } },
    async (req, reply) => {
      await service.deleteAppointment(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  app.get('/api/v1/calendar/feed', { schema: { tags, summary: 'Whether my calendar feed is on, and what it includes', response: { 200: feedState } } }, (req) =>
    service.feedOf(deps, actorOf(req)),
  );
  app.post(
    '/api/v1/calendar/feed',
    {
      schema: {
        tags,
        summary: 'A new secret address for my calendar feed (the old one stops working)',
        body: feedSettings,
        response: { 201: newFeed },
      },
    },
    async (req, reply) => reply.code(201).send(await service.newFeedAddress(deps, actorOf(req), req.body)),
  );
  app.delete('/api/v1/calendar/feed', { schema: { tags, summary: 'Turn my calendar feed off', response: { 204: noContent } } }, async (req, reply) => {
    await service.revokeFeed(deps, actorOf(req));
    return reply.code(204).send();
  });

  // The same feed as integrations name it (api-v1.md): made with an id, revoked by it.
  app.post(
    '/api/v1/calendar/feeds',
    {
      schema: {
        tags,
        summary:
          'My calendar feed: its id and its secret address (/cal/<token>.ics). A member has one feed, so when one is already on, it gets a new address and the old one stops working (the body, optional, says what it includes)',
        body: optionalFeedSettings,
        response: { 201: feedAddress },
      },
    },
    async (req, reply) => reply.code(201).send(await service.newFeedAddress(deps, actorOf(req), req.body)),
  );
  app.delete(
    '/api/v1/calendar/feeds/:id',
    {
      schema: {
        tags,
        summary: 'Revoke my calendar feed: its address then answers 404 (another member’s feed, or one already revoked, is not found)',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await service.revokeFeedById(deps, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );
}

/** The feed itself, `/cal/<token>.ics`: no session, the token is the key; anything else is 404. */
export function calendarFeedRoutes(app: App, deps: AppDeps) {
  app.get('/cal/:file', { schema: { hide: true, params: feedParams } }, async (req, reply) => {
    const token = req.params.file.endsWith('.ics') ? req.params.file.slice(0, -4) : '';
    const feed = await service.feedForToken(deps, token);
    if (!feed) throw service.feedError();
    const body = await feedCalendar(deps, feed);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('x-robots-tag', 'noindex')
      .header('referrer-policy', 'no-referrer')
      .send(body);
  });
}
