import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { actorOf, allowedOriginsOf, checkOrigin, sessionTokenOf } from '../../http/auth.js';
import { noContent } from '../../http/openapi-problems.js';
import type { App } from '../../http/types.js';
import * as invites from './invite-service.js';
import { acceptInviteBody, invitePreview, inviteTokenParams, shop, shopSettingsBody, signInBody, signUpBody, userAndShop } from './schemas.js';
import * as service from './service.js';
import { SESSION_COOKIE } from './session-tokens.js';

function setSessionCookie(deps: AppDeps, reply: FastifyReply, session: { token: string; expiresAt: Date }) {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    path: '/',
    expires: session.expiresAt,
  });
}

const meta = (req: { ip: string; headers: { 'user-agent'?: string | undefined } }) => ({ address: req.ip, userAgent: req.headers['user-agent'] });

/** Routes anyone may call: signing up and signing in. */
export function publicShopRoutes(app: App, deps: AppDeps) {
  app.post(
    '/api/v1/shops',
    {
      schema: {
        tags: ['Shops'],
        summary: 'Open a new shop with its owner signed in',
        security: [],
        'x-problems': ['EmailTaken'],
        body: signUpBody,
        response: { 201: userAndShop },
      },
    },
    async (req, reply) => {
      const { session, ...body } = await service.openShop(deps, req.body, meta(req));
      setSessionCookie(deps, reply, session);
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/api/v1/session',
    { schema: { tags: ['Shops'], summary: 'Sign in', security: [], 'x-problems': ['WrongCredentials'], body: signInBody, response: { 200: userAndShop } } },
    async (req, reply) => {
      const { session, ...body } = await service.signIn(deps, req.body, meta(req));
      setSessionCookie(deps, reply, session);
      return body;
    },
  );

  app.get(
    '/api/v1/invites/:token',
    {
      schema: {
        tags: ['Shops'],
        summary: 'An invitation, as its link shows it (used, expired and withdrawn ones are not found)',
        security: [],
        params: inviteTokenParams,
        response: { 200: invitePreview },
      },
    },
    (req) => invites.describeInvite(deps, req.params.token),
  );

  app.post(
    '/api/v1/invites/:token/accept',
    {
      schema: {
        tags: ['Shops'],
        summary: 'Take an invitation up: the new member chooses a password and is signed in; the link then works no more',
        security: [],
        'x-problems': ['EmailTaken'],
        params: inviteTokenParams,
        body: acceptInviteBody,
        response: { 200: userAndShop },
      },
    },
    async (req, reply) => {
      const { session, ...body } = await invites.acceptInvite(deps, req.params.token, req.body, meta(req));
      setSessionCookie(deps, reply, session);
      return body;
    },
  );

  // Signing out is a cookie-authenticated write like any other: a foreign page may not end the session.
  const allowedOrigins = allowedOriginsOf(deps.config);
  app.delete(
    '/api/v1/session',
    {
      schema: { tags: ['Shops'], summary: 'Sign out: the session dies server-side', response: { 204: noContent } },
      preHandler: async (req) => checkOrigin(req, allowedOrigins),
    },
    async (req, reply) => {
      const token = sessionTokenOf(req);
      if (token) await service.signOut(deps, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}

/** Routes for signed-in staff. */
export function shopRoutes(app: App, deps: AppDeps) {
  app.get('/api/v1/me', { schema: { tags: ['Shops'], summary: 'Who is signed in, and their shop', response: { 200: userAndShop } } }, (req) =>
    service.me(deps, actorOf(req)),
  );

  app.patch(
    '/api/v1/shop',
    {
      schema: {
        tags: ['Shops'],
        summary: "Change the shop's name, currency, time zone, locale or country (owners and managers)",
        body: shopSettingsBody,
        response: { 200: shop },
      },
    },
    (req) => service.updateShopSettings(deps, actorOf(req), req.body),
  );
}
