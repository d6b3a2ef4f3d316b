import type { Database } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import type { JobKind } from '../../domain/pipelines.js';
import { insertOutbox } from '../notifications/outbox-queries.js';
import * as engine from '../pipeline/engine.js';
import type { PipelineStore } from '../pipeline/store.js';
import * as q from './queries.js';

const presentMessage = (m: Awaited<ReturnType<typeof q.messagesOf>>[number]) => ({
  id: m.id,
  direction: m.direction,
  body: m.body,
  author: m.authorId && m.authorName ? { id: m.authorId, name: m.authorName } : null,
  readAt: m.readAt,
  createdAt: m.createdAt,
});

/** A job's conversation with its customer, oldest first, and how many of the customer's messages are unread. */
export function listMessages(deps: { db: Database }, actor: Actor, store: PipelineStore, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    await engine.loadJob(tx, store, actor, jobId);
    const items = (await q.messagesOf(tx, actor.shopId, jobId)).map(presentMessage);
    return { items, unread: items.filter((m) => m.direction === 'from_customer' && m.readAt === null).length };
  });
}

export function markMessagesRead(deps: { db: Database; clock: Clock }, actor: Actor, store: PipelineStore, jobId: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    await engine.loadJob(tx, store, actor, jobId);
    await q.markRead(tx, actor.shopId, jobId, deps.clock.now());
    return { unread: await q.unreadOfJob(tx, actor.shopId, jobId) };
  });
}

/**
 * A member of staff answers: the answer is kept on the job and queued, in the same transaction, for
 * the customer on the shop's channel (the outbox sender renders the `staff_reply` template). Answering
 * reads what the customer wrote.
 */
export function reply(deps: { db: Database; clock: Clock }, actor: Actor, store: PipelineStore, jobId: string, body: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const job = await engine.loadJob(tx, store, actor, jobId);
    const at = deps.clock.now();
    const text = body.trim();
    const kind = store.def.kind;
    await q.markRead(tx, actor.shopId, jobId, at);
    const id = await q.insertMessage(tx, {
      shopId: actor.shopId,
      jobId,
      direction: 'from_staff',
      body: text,
      authorId: actor.userId,
      readAt: at,
      createdAt: at,
    });
    await insertOutbox(tx, {
      shopId: actor.shopId,
      topic: 'staff_reply',
      jobKind: kind,
      jobId,
      idempotencyKey: `staff_reply:${kind}:${id}`,
      payload: { jobKind: kind, jobId, reference: job.reference, messageId: id, body: text },
      requestedBy: actor.userId,
    });
    const [made] = (await q.messagesOf(tx, actor.shopId, jobId)).filter((m) => m.id === id);
    if (!made) throw new Error('message vanished');
    return presentMessage(made);
  });
}

/** Jobs of every pipeline whose customers wrote and nobody has read it yet. */
export function unreadMessages(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => ({
    items: (await q.unreadByJob(tx, actor.shopId)).map((r) => ({ ...r, kind: r.kind as JobKind })),
  }));
}
