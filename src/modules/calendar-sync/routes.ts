import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { noContent } from '../../http/openapi-problems.js';
import type { App } from '../../http/types.js';
import { caldavBody, calendarList, callbackQuery, connectAnswer, googleBody, providerParams, syncAnswer, syncView, testAnswer } from './schemas.js';
import * as service from './service.js';

export function calendarSyncRoutes(app: App, deps: AppDeps) {
  const tags = ['Calendar sync'];
  const base = '/api/v1/settings/calendar-sync';
  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Where the calendar is pushed, how the last pushes went (owners and managers; secrets never returned)',
        response: { 200: syncView },
        'x-problems': ['Forbidden'],
      },
    },
    (req) => service.syncSettings(deps, actorOf(req)),
  );
  // Where integrations look for them (api-v1.md: "Sync settings under /api/v1/settings/calendar"): the same answer.
  app.get(
    '/api/v1/settings/calendar',
    {
      schema: {
        tags,
        summary: 'The calendar sync settings, as at /api/v1/settings/calendar-sync (owners and managers; secrets never returned)',
        response: { 200: syncView },
        'x-problems': ['Forbidden'],
      },
    },
    (req) => service.syncSettings(deps, actorOf(req)),
  );
  app.put(
    `${base}/caldav`,
    { schema: { tags, summary: 'Push to a CalDAV calendar (the app password is sealed at rest)', body: caldavBody, response: { 200: syncView } } },
    (req) => service.saveCalDav(deps, actorOf(req), req.body),
  );
  app.post(
    `${base}/caldav/test`,
    { schema: { tags, summary: 'Reach a CalDAV calendar with these settings, without saving them', body: caldavBody, response: { 200: testAnswer } } },
    (req) => service.testCalDav(deps, actorOf(req), req.body),
  );
  app.delete(
    `${base}/:provider`,
    {
      schema: {
        tags,
        summary: 'Stop pushing to this calendar (events already there stay)',
        params: providerParams,
        response: { 204: noContent },
        'x-problems': ['NotFound'],
      },
    },
    async (req, reply) => {
      await service.disconnect(deps, actorOf(req), req.params.provider);
      return reply.code(204).send();
    },
  );
  app.post(
    `${base}/google/connect`,
    {
      schema: {
        tags,
        summary: "Google's consent screen's address, to connect a Google calendar (422 naming what the server lacks when it has no Google client)",
        response: { 200: connectAnswer },
        'x-problems': ['Invalid'],
      },
    },
    (req) => service.startGoogle(deps, actorOf(req)),
  );
  // The browser comes back here from Google's consent screen, then goes on to the settings page.
  app.get(
    `${base}/google/callback`,
    {
      schema: {
        tags,
        summary: "Where Google's consent screen sends the browser back: on to the settings page, saying how it went",
        querystring: callbackQuery,
        response: { 303: noContent },
        'x-problems': ['NotFound', 'Invalid'],
      },
    },
    async (req, reply) => {
      const done = await service.finishGoogle(deps, actorOf(req), req.query);
      const to = new URL('/settings/calendar-sync', deps.config.publicUrl);
      to.searchParams.set(done.ok ? 'connected' : 'problem', done.ok ? 'google' : done.message);
      return reply.redirect(to.pathname + to.search, 303);
    },
  );
  app.get(
    `${base}/google/calendars`,
    {
      schema: {
        tags,
        summary: 'The Google calendars the connected account may write to',
        response: { 200: calendarList },
        'x-problems': ['NotFound', 'Invalid'],
      },
    },
    (req) => service.googleCalendars(deps, actorOf(req)),
  );
  app.put(
    `${base}/google`,
    { schema: { tags, summary: 'Choose the Google calendar to push to', body: googleBody, response: { 200: syncView }, 'x-problems': ['NotFound'] } },
    (req) => service.chooseGoogleCalendar(deps, actorOf(req), req.body.calendarId),
  );
  app.post(
    `${base}/sync`,
    { schema: { tags, summary: 'Sync now: push every due date and appointment again and remove what should not be there', response: { 200: syncAnswer } } },
    (req) => service.syncNow(deps, actorOf(req)),
  );
}
