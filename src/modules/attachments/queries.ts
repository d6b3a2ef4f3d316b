import { and, asc, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/client.js';
import { attachments, users } from '../../db/schema/index.js';
import { FILES_PATH } from './links.js';

export type NewAttachment = typeof attachments.$inferInsert;

const columns = {
  id: attachments.id,
  jobKind: attachments.jobKind,
  jobId: attachments.jobId,
  stage: attachments.stage,
  caption: attachments.caption,
  customerVisible: attachments.customerVisible,
  addedById: attachments.addedBy,
  addedByName: users.name,
  createdAt: attachments.createdAt,
  contentType: attachments.contentType,
  bytes: attachments.bytes,
  width: attachments.width,
  height: attachments.height,
  fileName: attachments.fileName,
  originalKey: attachments.originalKey,
  displayKey: attachments.displayKey,
  thumbKey: attachments.thumbKey,
  thumbContentType: attachments.thumbContentType,
};

const selectRows = (tx: Tx) => tx.select(columns).from(attachments).leftJoin(users, eq(users.id, attachments.addedBy));

export type AttachmentRow = Awaited<ReturnType<typeof findAttachment>> & {};

export async function insertAttachments(tx: Tx, rows: NewAttachment[]) {
  await tx.insert(attachments).values(rows);
}

/** This shop's attachment, or undefined (another shop's looks absent). */
export async function findAttachment(tx: Tx, shopId: string, id: string) {
  const [row] = await selectRows(tx).where(and(eq(attachments.shopId, shopId), eq(attachments.id, id)));
  return row;
}

export async function attachmentsOfJob(tx: Tx, shopId: string, jobId: string, onlyCustomerVisible = false) {
  return selectRows(tx)
    .where(and(eq(attachments.shopId, shopId), eq(attachments.jobId, jobId), onlyCustomerVisible ? eq(attachments.customerVisible, true) : undefined))
    .orderBy(asc(attachments.seq));
}

export async function updateAttachment(tx: Tx, shopId: string, id: string, set: Partial<Pick<NewAttachment, 'caption' | 'customerVisible' | 'stage'>>) {
  await tx
    .update(attachments)
    .set(set)
    .where(and(eq(attachments.shopId, shopId), eq(attachments.id, id)));
}

export async function deleteAttachment(tx: Tx, shopId: string, id: string) {
  const [row] = await tx
    .delete(attachments)
    .where(and(eq(attachments.shopId, shopId), eq(attachments.id, id)))
    .returning({ originalKey: attachments.originalKey, displayKey: attachments.displayKey, thumbKey: attachments.thumbKey });
  return row;
}

/** For a signed link, whose shop is not known until the row is found; the signature was checked first. */
export async function findShared(tx: Tx, id: string) {
  const [row] = await tx
    .select({
      customerVisible: attachments.customerVisible,
      contentType: attachments.contentType,
      fileName: attachments.fileName,
      originalKey: attachments.originalKey,
      displayKey: attachments.displayKey,
      thumbKey: attachments.thumbKey,
      thumbContentType: attachments.thumbContentType,
    })
    .from(attachments)
    .where(eq(attachments.id, id));
  return row;
}

/** The staff URL of a photo's thumbnail (the job row's latest photo, kept by a trigger), or null for none. */
export function thumbnailUrlOf(photoId: AnyPgColumn) {
  return sql<string | null>`${sql.raw(`'${FILES_PATH}/'`)} || ${photoId} || ${sql.raw(`'/file?variant=thumb'`)}`;
}
