import type { FastifyReply } from 'fastify';

/**
 * An answer a client may already hold: JSON text (sent as it is, no serialiser) with its ETag, or a
 * 304 with none when the text is null. `no-cache`: a browser keeps it but asks each time, and the
 * answer is per session, so no shared cache keeps it.
 */
export function sendConditional(reply: FastifyReply, answer: { etag: string; body: string | null }) {
  reply.header('etag', answer.etag).header('cache-control', 'private, no-cache');
  if (answer.body === null) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(answer.body);
}
