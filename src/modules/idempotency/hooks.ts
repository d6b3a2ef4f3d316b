import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { invalidField } from '../../domain/errors.js';
import { actorOf } from '../../http/auth.js';
import * as service from './service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request claimed an Idempotency-Key: its answer is kept for the key's repeats. */
    idempotency: { shopId: string; key: string } | null;
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;

const fingerprintOf = (req: FastifyRequest) =>
  createHash('sha256')
    .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
    .digest('base64url');

/**
 * Staff writes (`POST`) honour an `Idempotency-Key` header, as Stripe's API does: the same key with
 * the same request within 24 hours answers the first result, and a double click makes one record.
 * Runs after the session gate and the body's validation; JSON bodies only (an upload's multipart
 * body is not kept, so uploads ignore the key).
 */
export function idempotentWrites(app: FastifyInstance, deps: { db: Database; clock: Clock }) {
  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) throw invalidField('Idempotency-Key', 'An Idempotency-Key is 1 to 255 printable characters');
    if (req.headers['content-type']?.startsWith('multipart/')) return;
    const { shopId } = actorOf(req);
    const begun = await service.begin(deps, shopId, key, fingerprintOf(req));
    if (begun.kind === 'first') {
      req.idempotency = { shopId, key };
      return;
    }
    if (begun.contentType) reply.type(begun.contentType);
    return reply.code(begun.status).header('idempotent-replayed', 'true').send(begun.body);
  });
}

/**
 * Keeps each claimed request's answer. Registered at the root before compression, so it sees the
 * serialized body, whatever the client's Accept-Encoding.
 */
export function recordIdempotentAnswers(app: FastifyInstance, deps: { db: Database }) {
  app.decorateRequest('idempotency', null);
  app.addHook('onSend', async (req, reply, payload) => {
    const claimed = req.idempotency;
    if (!claimed) return payload;
    req.idempotency = null;
    const contentType = reply.getHeader('content-type');
    await service.finish(deps, claimed.shopId, claimed.key, {
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType : null,
      body: typeof payload === 'string' ? payload : null,
    });
    return payload;
  });
}
