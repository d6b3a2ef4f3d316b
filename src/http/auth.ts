import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/actor.js';
import { DomainError } from '../domain/errors.js';
import { SESSION_COOKIE } from '../modules/shops/session-tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const sessionTokenOf = (req: FastifyRequest): string | undefined => req.cookies[SESSION_COOKIE];

/**
 * CSRF defence for cookie-authenticated writes: a browser names the page that sent a request in
 * `Origin` (and `Sec-Fetch-Site`), so a foreign page's request is refused here. A client that sends
 * neither is not a browser acting for a foreign page; the SameSite=Lax cookie is the second wall.
 */
export function checkOrigin(req: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (!unsafe.has(req.method)) return;
  const origin = req.headers.origin;
  const own = `${req.protocol}://${req.host}`;
  if (origin !== undefined) {
    if (origin === own || allowedOrigins.includes(origin)) return;
    throw new DomainError('forbidden', 'Cross-site request refused', 'This request came from another site and was refused');
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    throw new DomainError('forbidden', 'Cross-site request refused', 'This request came from another site and was refused');
  }
}

/** The origins whose pages may write with the session cookie: Loupe's own public address. */
export const allowedOriginsOf = (config: { publicUrl: string }): string[] => [new URL(config.publicUrl).origin];

export type ActorLookup = (token: string) => Promise<Actor | null>;

/** A preHandler that admits only signed-in staff, and checks the origin of their writes. */
export function requireStaff(lookup: ActorLookup, allowedOrigins: readonly string[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const token = sessionTokenOf(req);
    const actor = token ? await lookup(token) : null;
    if (!actor) throw new DomainError('unauthenticated', 'Not signed in', 'Sign in to continue');
    checkOrigin(req, allowedOrigins);
    req.actor = actor;
  };
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('unauthenticated', 'Not signed in', 'Sign in to continue');
  return req.actor;
}
