import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import { routeFor } from '../../domain/delivery.js';
import { insertOutbox } from '../notifications/outbox-queries.js';
import { loadSettings, routingOf } from '../notifications/settings-store.js';
import { messageContext } from './queries.js';
import type { PipelineStore } from './store.js';

/**
 * What a move to the ready stage will do about telling the customer: send after the shop's undo
 * window, or nothing, and why (no address the shop can send to, or ready messages switched off).
 */
export type ReadyOutlook = { willSend: true; delayMinutes: number } | { willSend: false; reason: string };

export async function readyOutlook(tx: Tx, shopId: string, jobId: string): Promise<ReadyOutlook> {
  const settings = await loadSettings(tx, shopId);
  if (settings.events.customer_ready === false) {
    return { willSend: false, reason: 'Not sent: ready messages are switched off in Settings → Notifications.' };
  }
  const ctx = await messageContext(tx, shopId, jobId);
  if (!ctx) return { willSend: false, reason: 'Not sent: the job this message was about no longer exists.' };
  const route = routeFor(
    routingOf(settings),
    { name: ctx.customerName, email: ctx.customerEmail, phone: ctx.customerPhone, preferredChannel: ctx.preferredChannel },
    settings.webhookUrl,
  );
  if (route.channel === null) return { willSend: false, reason: route.problem };
  return { willSend: true, delayMinutes: settings.readyDelayMinutes };
}

/** What the move's answer says about the ready message it queued. */
export type ReadyNotice =
  | { status: 'scheduled'; sendAt: Date; delayMinutes: number; reason: null }
  | { status: 'not_sent'; sendAt: null; delayMinutes: null; reason: string };

/**
 * Queues the customer-ready message for a ready stage entered, named after its history row (one landed
 * move, one message). It waits out the shop's undo window (`available_at`); one that cannot go is
 * recorded at once as not sent, with the reason, so the log never shows it as waiting or sent.
 */
export async function queueReadyMessage(
  tx: Tx,
  store: PipelineStore,
  shopId: string,
  job: { id: string; reference: string },
  historyId: string,
  at: Date,
): Promise<ReadyNotice> {
  const outlook = await readyOutlook(tx, shopId, job.id);
  const sendAt = new Date(at.getTime() + (outlook.willSend ? outlook.delayMinutes : 0) * 60_000);
  await insertOutbox(tx, {
    shopId,
    topic: 'customer_ready',
    jobKind: store.def.kind,
    jobId: job.id,
    idempotencyKey: `customer_ready:${store.def.kind}:${historyId}`,
    payload: { jobKind: store.def.kind, jobId: job.id, reference: job.reference, historyId },
    availableAt: sendAt,
    ...(outlook.willSend ? {} : { status: 'skipped' as const, lastError: outlook.reason }),
  });
  return outlook.willSend
    ? { status: 'scheduled', sendAt, delayMinutes: outlook.delayMinutes, reason: null }
    : { status: 'not_sent', sendAt: null, delayMinutes: null, reason: outlook.reason };
}

/**
 * The job left the ready stage: a ready message still waiting out its window (never tried) will not
 * go. In the move's own transaction, under the outbox row's lock: a sender that claimed it first has
 * it (status `sending`) and this changes nothing; one that comes after finds it cancelled.
 */
export async function cancelWaitingReadyMessages(tx: Tx, shopId: string, jobId: string) {
  await tx
    .update(outbox)
    .set({ status: 'cancelled', lastError: 'Not sent: the job left ready (moved back, or on) before the customer was told.' })
    .where(
      and(
        eq(outbox.shopId, shopId),
        eq(outbox.jobId, jobId),
        eq(outbox.topic, 'customer_ready'),
        eq(outbox.status, 'pending'),
        eq(outbox.manual, false),
        sql`${outbox.attempts} = 0`,
      ),
    );
}
