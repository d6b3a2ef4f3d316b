import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { outbox, users } from '../../db/schema/index.js';

/** The outbox: a message queued in the transaction that decided it, and the delivery log read back. */

export async function insertOutbox(tx: Tx, row: typeof outbox.$inferInsert) {
  await tx.insert(outbox).values(row);
}

/** The delivery log: each message queued for a customer, with what happened to it. */
export function selectMessages(tx: Tx) {
  return tx
    .select({
      id: outbox.id,
      event: outbox.topic,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      channel: outbox.channel,
      to: outbox.toAddress,
      subject: outbox.subject,
      body: outbox.body,
      manual: outbox.manual,
      requestedBy: users.name,
      jobKind: outbox.jobKind,
      jobId: outbox.jobId,
      reference: sql<string | null>`${outbox.payload} ->> 'reference'`,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .leftJoin(users, eq(users.id, outbox.requestedBy));
}

export async function notificationsOf(tx: Tx, jobId: string) {
  return selectMessages(tx).where(eq(outbox.jobId, jobId)).orderBy(desc(outbox.createdAt), desc(outbox.id));
}
