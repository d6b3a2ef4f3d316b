import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { parseStage } from '../../domain/pipeline.js';
import type { JobKind } from '../../domain/pipelines.js';
import * as engine from '../pipeline/engine.js';
import type { PipelineStore } from '../pipeline/store.js';
import { linkKey, type SharedVariant, signedFileUrl, type Variant, verifySignature } from './links.js';
import { type ProcessedFile, processFile } from './media.js';
import type { MediaQueue } from './media-queue.js';
import { presentAttachment } from './present.js';
import * as q from './queries.js';
import type { Attachment, PatchBody, UploadFields } from './schemas.js';
import type { FileStore } from './storage/index.js';

export interface FilesDeps {
  db: Database;
  clock: Clock;
  files: FileStore;
  /** Where previews are made: the process's fair queue for media work. */
  media: MediaQueue;
}

export interface IncomingFile {
  fileName: string;
  bytes: Buffer;
}

const keyPrefix = (shopId: string, id: string) => `shops/${shopId}/attachments/${id}`;

/**
 * Attaches files to a job. Every file is checked and processed before anything is stored, so one bad
 * file refuses the whole upload and leaves nothing behind; files stored before a failed insert are removed.
 */
export async function uploadAttachments(
  deps: FilesDeps,
  actor: Actor,
  store: PipelineStore,
  jobId: string,
  incoming: readonly IncomingFile[],
  fields: UploadFields,
): Promise<Attachment[]> {
  const stage = fields.stage === undefined || fields.stage === '' ? undefined : parseStage(store.def, fields.stage);
  // Refuse an unknown job before the costly part.
  await deps.db.tenant(actor.shopId, (tx) => engine.loadJob(tx, store, actor, jobId));

  // One file at a time, each on the shop's turn in the media queue.
  const processed: { id: string; file: IncomingFile; made: ProcessedFile }[] = [];
  const work = { queue: deps.media, shopId: actor.shopId };
  for (const file of incoming) processed.push({ id: randomUUID(), file, made: await processFile(file.bytes, file.fileName, work) });

  const stored: string[] = [];
  const put = async (key: string, body: Buffer, type: string) => {
    await deps.files.put(key, body, type);
    stored.push(key);
  };
  try {
    const rows: q.NewAttachment[] = [];
    for (const { id, file, made } of processed) {
      const prefix = keyPrefix(actor.shopId, id);
      const originalKey = `${prefix}/original`;
      const displayKey = made.display ? `${prefix}/display.jpg` : null;
      const thumbKey = `${prefix}/thumb.${made.thumbContentType === 'image/png' ? 'png' : 'jpg'}`;
      await put(originalKey, file.bytes, made.contentType);
      if (made.display && displayKey) await put(displayKey, made.display, 'image/jpeg');
      await put(thumbKey, made.thumb, made.thumbContentType);
      rows.push({
        id,
        shopId: actor.shopId,
        jobKind: store.def.kind as JobKind,
        jobId,
        stage: 'enquiry',
        caption: fields.caption ?? null,
        customerVisible: fields.customerVisible ?? false,
        addedBy: actor.userId,
        contentType: made.contentType,
        bytes: file.bytes.length,
        width: made.width,
        height: made.height,
        fileName: file.fileName.slice(0, 255) || null,
        originalKey,
        displayKey,
        thumbKey,
        thumbContentType: made.thumbContentType,
      });
    }
    const createdAt = deps.clock.now();
    return await deps.db.tenant(actor.shopId, async (tx) => {
      const job = await engine.loadJob(tx, store, actor, jobId);
      // A photo taken while the job is on hold belongs with the stage the work stopped at.
      const current = job.stage === store.def.hold && job.heldFromStage ? job.heldFromStage : job.stage;
      await q.insertAttachments(
        tx,
        rows.map((r) => ({ ...r, stage: stage ?? current, createdAt })),
      );
      const all = await q.attachmentsOfJob(tx, actor.shopId, jobId);
      const ids = new Set(rows.map((r) => r.id));
      const made = all.filter((a) => ids.has(a.id)).map(presentAttachment);
      return rows.map((r) => made.find((a) => a.id === r.id)).filter((a): a is Attachment => a !== undefined);
    });
  } catch (err) {
    await Promise.allSettled(stored.map((key) => deps.files.delete(key)));
    throw err;
  }
}

/** Looks an attachment up as the actor's shop: another shop's is "not found". */
async function loadAttachment(tx: Tx, actor: Actor, id: string) {
  const row = await q.findAttachment(tx, actor.shopId, id);
  if (!row) throw notFound('Attachment');
  return row;
}

export function updateAttachment(deps: { db: Database }, actor: Actor, stores: Record<string, PipelineStore>, id: string, input: PatchBody) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const row = await loadAttachment(tx, actor, id);
    const store = stores[row.jobKind];
    const stage = input.stage === undefined || !store ? undefined : parseStage(store.def, input.stage);
    const set = {
      ...(input.caption !== undefined ? { caption: input.caption } : {}),
      ...(input.customerVisible !== undefined ? { customerVisible: input.customerVisible } : {}),
      ...(stage !== undefined ? { stage } : {}),
    };
    if (Object.keys(set).length > 0) await q.updateAttachment(tx, actor.shopId, id, set);
    return presentAttachment(await loadAttachment(tx, actor, id));
  });
}

/** Removes the row, then its files. Answers the keys that could not be removed (left for an operator, and logged). */
export async function deleteAttachment(deps: { db: Database; files: FileStore }, actor: Actor, id: string): Promise<{ leftover: string[] }> {
  const keys = await deps.db.tenant(actor.shopId, async (tx) => {
    const row = await q.deleteAttachment(tx, actor.shopId, id);
    if (!row) throw notFound('Attachment');
    return [row.originalKey, row.displayKey, row.thumbKey].filter((k): k is string => k !== null);
  });
  const results = await Promise.allSettled(keys.map((k) => deps.files.delete(k)));
  return { leftover: keys.filter((_, i) => results[i]?.status === 'rejected') };
}

export interface FileAnswer {
  body: Readable;
  bytes: number;
  contentType: string;
  fileName: string | null;
  etag: string;
  /** A thumbnail or display image Loupe made, as opposed to the file as it was uploaded. */
  derived: boolean;
}

type FileRow = Pick<q.AttachmentRow, 'contentType' | 'fileName' | 'originalKey' | 'displayKey' | 'thumbKey' | 'thumbContentType'>;

async function openVariant(files: FileStore, id: string, row: FileRow, variant: Variant): Promise<FileAnswer> {
  const [key, contentType] =
    variant === 'thumb'
      ? [row.thumbKey, row.thumbContentType]
      : variant === 'display' && row.displayKey
        ? [row.displayKey, 'image/jpeg']
        : [row.originalKey, row.contentType];
  const file = await files.get(key);
  if (!file) throw notFound('File');
  return { ...file, contentType, fileName: row.fileName, etag: `"${id}-${variant}"`, derived: key !== row.originalKey };
}

/** A file for signed-in staff of the attachment's own shop. */
export async function openFile(deps: { db: Database; files: FileStore }, actor: Actor, id: string, variant: Variant) {
  const row = await deps.db.tenant(actor.shopId, (tx) => loadAttachment(tx, actor, id));
  return openVariant(deps.files, id, row, variant);
}

/** A file behind a signed link: the signature and expiry first, then the file must still be customer-visible. */
export async function openSharedFile(
  deps: { db: Database; clock: Clock; files: FileStore; config: { secret?: string | undefined } },
  id: string,
  variant: SharedVariant,
  expires: string | undefined,
  sig: string | undefined,
) {
  const refused = () => new DomainError('not_found', 'Not found', 'This link has expired or is not valid');
  const at = Number(expires);
  if (!sig || !/^[0-9]{1,12}$/.test(expires ?? '') || !verifySignature(await linkKey(deps), id, variant, at, sig, deps.clock.now())) throw refused();
  const row = await deps.db.system((tx) => q.findShared(tx, id));
  if (!row?.customerVisible) throw refused();
  return openVariant(deps.files, id, row, variant);
}

export interface CustomerAttachment {
  id: string;
  caption: string | null;
  stage: string;
  contentType: string;
  width: number | null;
  height: number | null;
  createdAt: Date;
  url: string;
  thumbnailUrl: string;
}

export const DEFAULT_LINK_TTL_SECONDS = 7 * 24 * 3600;

/**
 * What the customer's tracking page (and messages) may show of a job's files: the customer-visible
 * ones, each with expiring signed links. Load `linkKey(deps)` before opening the transaction.
 */
export async function customerAttachmentsIn(
  tx: Tx,
  deps: { clock: Clock; config: { publicUrl: string } },
  key: Buffer,
  shopId: string,
  jobId: string,
  ttlSeconds = DEFAULT_LINK_TTL_SECONDS,
): Promise<CustomerAttachment[]> {
  const now = deps.clock.now();
  const rows = await q.attachmentsOfJob(tx, shopId, jobId, true);
  return rows.map((r) => ({
    id: r.id,
    caption: r.caption,
    stage: r.stage,
    contentType: r.displayKey ? 'image/jpeg' : r.contentType,
    width: r.width,
    height: r.height,
    createdAt: r.createdAt,
    url: signedFileUrl(key, deps.config.publicUrl, r.id, 'display', now, ttlSeconds),
    thumbnailUrl: signedFileUrl(key, deps.config.publicUrl, r.id, 'thumb', now, ttlSeconds),
  }));
}

/** The same, in a transaction of its own. */
export async function customerAttachments(
  deps: { db: Database; clock: Clock; config: { publicUrl: string; secret?: string | undefined } },
  shopId: string,
  jobId: string,
  ttlSeconds = DEFAULT_LINK_TTL_SECONDS,
) {
  const key = await linkKey(deps);
  return deps.db.tenant(shopId, (tx) => customerAttachmentsIn(tx, deps, key, shopId, jobId, ttlSeconds));
}
