import type { Tx } from '../../db/client.js';
import { staffFileUrl } from './links.js';
import * as q from './queries.js';
import type { Attachment } from './schemas.js';

export function presentAttachment(r: q.AttachmentRow): Attachment {
  return {
    id: r.id,
    url: staffFileUrl(r.id, r.displayKey ? 'display' : 'original'),
    thumbnailUrl: staffFileUrl(r.id, 'thumb'),
    originalUrl: staffFileUrl(r.id, 'original'),
    caption: r.caption,
    stage: r.stage,
    customerVisible: r.customerVisible,
    contentType: r.contentType,
    bytes: r.bytes,
    width: r.width,
    height: r.height,
    fileName: r.fileName,
    addedBy: r.addedById && r.addedByName ? { id: r.addedById, name: r.addedByName } : null,
    createdAt: r.createdAt,
  };
}

/** Stage names of one job's attachments, for a job's detail page (inside its transaction). */
export async function attachmentsOfJob(tx: Tx, shopId: string, jobId: string) {
  return (await q.attachmentsOfJob(tx, shopId, jobId)).map(presentAttachment);
}
