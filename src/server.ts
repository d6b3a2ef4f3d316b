import { randomUUID } from 'node:crypto';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.js';
import { DomainError } from './domain/errors.js';
import { requireStaff } from './http/auth.js';
import { withProblemResponses } from './http/openapi-problems.js';
import { sendProblem, toDomainError } from './http/problems.js';
import type { App } from './http/types.js';
import { webApp, webAppFromSource } from './http/web.js';
import { attachmentRoutes, sharedFileRoutes } from './modules/attachments/routes.js';
import { calendarFeedRoutes, calendarRoutes } from './modules/calendar/routes.js';
import { calendarSyncRoutes } from './modules/calendar-sync/routes.js';
import { customerRoutes } from './modules/customers/routes.js';
import { enquiryRoutes, type PublicEnquiryOptions, publicEnquiries } from './modules/enquiries/routes.js';
import { idempotentWrites, recordIdempotentAnswers } from './modules/idempotency/hooks.js';
import { pipelines } from './modules/jobs/registry.js';
import { jobsRoutes } from './modules/jobs/routes.js';
import { liveRoutes } from './modules/live/routes.js';
import { memoRoutes } from './modules/memos/routes.js';
import { messageRoutes } from './modules/messages/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { passportRoutes, publicVerify } from './modules/passports/routes.js';
import { printableRoutes } from './modules/printables/routes.js';
import { reportRoutes } from './modules/reports/routes.js';
import { logoRoutes, publicLogoRoutes } from './modules/shops/logo-routes.js';
import { publicShopRoutes, shopRoutes } from './modules/shops/routes.js';
import { actorForToken } from './modules/shops/service.js';
import { staffRoutes } from './modules/shops/staff-routes.js';
import { publicTracking, trackingStaffRoutes } from './modules/tracking/routes.js';

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
  /** `source`: the staff app from web/src through Vite with hot reload (npm run dev); default: the build. */
  web?: 'built' | 'source';
  /** The public enquiry form's limits and proof-of-work difficulty (tests make them small). */
  enquiries?: PublicEnquiryOptions;
}

/** JSON bodies above this are refused with 413 before they are parsed. */
export const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildServer(deps: AppDeps, opts: ServerOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy ?? false,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON (and multipart for uploads); a text/plain body is the wrong media type, answered 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => sendProblem(reply, toDomainError(err, req)));
  app.setNotFoundHandler((req, reply) => sendProblem(reply, new DomainError('not_found', 'Not found', `No route for ${req.method} ${req.url.split('?')[0]}`)));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  recordIdempotentAnswers(app, deps);
  app.decorateRequest('actor', null);

  await app.register(fastifyCookie);
  // A customer on a phone signal and a board of 2,000 cards both go further compressed; images and
  // the SPA's pre-compressed files are left as they are, and SSE (hijacked) never buffers here.
  await app.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Loupe API', version: '1.0.0', description: 'The workshop system for independent jewellers.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'loupe_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: withProblemResponses,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());

  // 200 only while the database answers and job changes reach open screens (the e2e harness waits
  // for it). While the live channel reconnects, boards get no updates: 503 and `degraded`.
  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    const database = await deps.db.raw.execute(sql`select 1`).then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    const live = deps.live.state;
    if (database === 'ok' && live === 'listening') return reply.send({ status: 'ok', live });
    return reply.code(503).send({ status: 'degraded', live, ...(database === 'ok' ? {} : { database }) });
  });

  publicShopRoutes(app, deps);
  publicLogoRoutes(app, deps);
  sharedFileRoutes(app, deps);
  calendarFeedRoutes(app, deps);
  // The customer's tracking API and page (/track, /track/:code): no session; their own scope and guard.
  await app.register(publicTracking(deps));
  // Provenance passports as anyone checks them (/verify, the JWKS): no session.
  await app.register(publicVerify(deps));
  // The shop's public enquiry form (/enquire/<slug>): no session; its own scope, limits and proof of work.
  await app.register(publicEnquiries(deps, opts.enquiries));

  const allowedOrigins = [new URL(deps.config.publicUrl).origin];
  await app.register(async (staff) => {
    // On request, before the body is read or validated: a stranger learns nothing of the body's rules and costs nothing to parse.
    staff.addHook(
      'onRequest',
      requireStaff((token) => actorForToken(deps, token), allowedOrigins),
    );
    idempotentWrites(staff, deps);
    shopRoutes(staff, deps);
    staffRoutes(staff, deps);
    await logoRoutes(staff, deps);
    customerRoutes(staff, deps);
    enquiryRoutes(staff, deps);
    memoRoutes(staff, deps);
    for (const pipeline of pipelines) pipeline.registerRoutes(staff, deps);
    jobsRoutes(staff, deps);
    calendarRoutes(staff, deps);
    calendarSyncRoutes(staff, deps);
    attachmentRoutes(staff, deps);
    liveRoutes(staff, deps);
    notificationRoutes(staff, deps);
    trackingStaffRoutes(staff, deps);
    messageRoutes(staff, deps);
    printableRoutes(staff, deps);
    passportRoutes(staff, deps);
    reportRoutes(staff, deps);
  });

  if (opts.web === 'source') await app.register(webAppFromSource);
  else await app.register(webApp, { boards: pipelines.map((p) => ({ page: p.staffPath, api: p.apiPath })) });
  return app;
}
