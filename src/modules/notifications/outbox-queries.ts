import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { outbox, outboxAttachments, users } from '../../db/schema/index.js';
import type { MessageAttachment } from './channels/channel.js';

/** The outbox: a message queued in the transaction that decided it, and the delivery log read back. */

export async function insertOutbox(tx: Tx, row: typeof outbox.$inferInsert, files: readonly MessageAttachment[] = []) {
  const [queued] = await tx.insert(outbox).values(row).returning({ id: outbox.id });
  if (queued && files.length > 0) {
    await tx.insert(outboxAttachments).values(
      files.map((f, position) => ({
        shopId: row.shopId,
        outboxId: queued.id,
        position,
        fileName: f.fileName,
        contentType: f.contentType,
        contentBase64: f.content.toString('base64'),
      })),
    );
  }
}

/** The files a queued message carries, in order. */
export async function attachmentsOf(tx: Tx, shopId: string, outboxId: string): Promise<MessageAttachment[]> {
  const rows = await tx
    .select()
    .from(outboxAttachments)
    .where(and(eq(outboxAttachments.shopId, shopId), eq(outboxAttachments.outboxId, outboxId)))
    .orderBy(asc(outboxAttachments.position));
  return rows.map((r) => ({ fileName: r.fileName, contentType: r.contentType, content: Buffer.from(r.contentBase64, 'base64') }));
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
