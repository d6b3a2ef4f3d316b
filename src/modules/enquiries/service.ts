import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { defaultChannel, namesAgree, toE164 } from '../../domain/contact.js';
import { budgetIn } from '../../domain/enquiry-budgets.js';
import { DomainError, type FieldError, notFound } from '../../domain/errors.js';
import type { JobKind } from '../../domain/pipelines.js';
import { insertAttachments, type NewAttachment } from '../attachments/queries.js';
import type { FileStore } from '../attachments/storage/index.js';
import { findCustomer, insertCustomer } from '../customers/queries.js';
import { kindForTopic, pipelineOf, pipelines } from '../jobs/registry.js';
import { insertOutbox } from '../notifications/outbox-queries.js';
import { addComment } from '../pipeline/engine.js';
import { nextReferenceNumber } from '../pipeline/queries.js';
import type { CreateDeps } from '../pipeline/routes.js';
import { type SolvedChallenge, spendIn } from './challenge.js';
import { formTitle } from './embed.js';
import { esc } from './page.js';
import * as q from './queries.js';
import { type ConvertBody, type EnquiryForm, topicLabels } from './schemas.js';

export interface PublicShop {
  id: string;
  name: string;
  slug: string | null;
  country: string;
  logoUrl: string | null;
  currency: string;
  locale: string;
}

/** The shop behind `/enquire/<slug>`; an unknown slug is "not found", like any other miss. */
export async function shopForSlug(deps: { db: Database }, slug: string): Promise<PublicShop> {
  const shop = /^[a-z0-9-]{1,60}$/.test(slug) ? await deps.db.system((tx) => q.shopBySlug(tx, slug)) : undefined;
  if (!shop) throw new DomainError('not_found', 'Not found', 'There is no enquiry form at this address.');
  return shop;
}

/** A reference image ready to keep: its derived versions only (re-encoded, so no EXIF or GPS of the original survives). */
export interface PreparedImage {
  fileName: string;
  bytes: number;
  width: number | null;
  height: number | null;
  display: Buffer;
  thumb: Buffer;
  thumbContentType: 'image/jpeg' | 'image/png';
}

const fieldErrors = (errors: FieldError[]) => new DomainError('validation_failed', 'Validation failed', errors.map((e) => e.message).join('; '), { errors });

/** The contact rule: an e-mail, a phone that is a real number in the shop's country (or given with +), or both. */
export function contactOf(form: Pick<EnquiryForm, 'email' | 'phone'>, country: string): { email: string | null; phone: string | null } {
  const errors: FieldError[] = [];
  const email = form.email ?? null;
  let phone: string | null = null;
  if (form.phone) {
    phone = toE164(form.phone, country);
    if (!phone) errors.push({ path: 'phone', message: 'That does not look like a phone number; check it, or leave it out and give your e-mail' });
  }
  if (!email && !form.phone) errors.push({ path: 'email', message: 'Give an e-mail address or a phone number so the shop can answer' });
  if (errors.length > 0) throw fieldErrors(errors);
  return { email, phone };
}

const imageKey = (shopId: string, enquiryId: string, imageId: string, name: string) => `shops/${shopId}/enquiries/${enquiryId}/${imageId}/${name}`;

/**
 * Keeps a new enquiry from the public form: the checked challenge is spent in the same transaction
 * (a replay finds it spent and nothing is kept), the images' files are written first and removed if
 * the transaction fails, and the shop's e-mail and the acknowledgement are queued with it.
 */
export async function submitEnquiry(
  deps: { db: Database; clock: Clock; files: FileStore },
  shop: PublicShop,
  form: Pick<EnquiryForm, 'name' | 'topic' | 'description' | 'budget'>,
  contact: { email: string | null; phone: string | null },
  images: readonly PreparedImage[],
  solved: SolvedChallenge,
): Promise<{ id: string; reference: string }> {
  const id = randomUUID();
  const stored: string[] = [];
  const rows: q.NewEnquiryImage[] = [];
  try {
    for (const img of images) {
      const imageId = randomUUID();
      const displayKey = imageKey(shop.id, id, imageId, 'display.jpg');
      const thumbKey = imageKey(shop.id, id, imageId, `thumb.${img.thumbContentType === 'image/png' ? 'png' : 'jpg'}`);
      await deps.files.put(displayKey, img.display, 'image/jpeg');
      stored.push(displayKey);
      await deps.files.put(thumbKey, img.thumb, img.thumbContentType);
      stored.push(thumbKey);
      rows.push({
        id: imageId,
        shopId: shop.id,
        enquiryId: id,
        contentType: 'image/jpeg',
        bytes: img.display.length,
        width: img.width,
        height: img.height,
        fileName: img.fileName.slice(0, 255) || null,
        // The original as sent is never kept: the display copy stands in for it.
        originalKey: displayKey,
        displayKey,
        thumbKey,
        thumbContentType: img.thumbContentType,
      });
    }
    const at = deps.clock.now();
    return await deps.db.tenant(shop.id, async (tx) => {
      await spendIn(tx, shop.id, solved);
      const n = await nextReferenceNumber(tx, shop.id, 'enquiry');
      await q.insertEnquiry(tx, {
        id,
        shopId: shop.id,
        number: n,
        name: form.name,
        email: contact.email,
        phone: contact.phone,
        topic: form.topic,
        description: form.description,
        budget: form.budget,
        consent: true,
        createdAt: at,
        updatedAt: at,
      });
      await q.insertImages(
        tx,
        rows.map((r) => ({ ...r, createdAt: at })),
      );
      for (const topic of ['enquiry_received', 'enquiry_ack'] as const) {
        await insertOutbox(tx, { shopId: shop.id, topic, idempotencyKey: `${topic}:${id}`, payload: { enquiryId: id } });
      }
      return { id, reference: q.formatEnquiryReference(n) };
    });
  } catch (err) {
    await Promise.allSettled(stored.map((key) => deps.files.delete(key)));
    throw err;
  }
}

type Summary = Awaited<ReturnType<typeof q.listEnquiries>>[number];

function presentSummary(r: Summary) {
  const e = r.enquiry;
  const pipeline = e.jobKind ? pipelineOf(e.jobKind) : undefined;
  return {
    id: e.id,
    reference: q.formatEnquiryReference(e.number),
    name: e.name,
    email: e.email,
    phone: e.phone,
    topic: e.topic,
    budget: e.budget,
    description: e.description,
    status: e.status,
    unread: e.readAt === null,
    imageCount: r.imageCount,
    customerId: e.customerId,
    suggestedKind: kindForTopic(e.topic),
    job:
      e.jobId && e.jobKind && r.jobReference
        ? { kind: e.jobKind, id: e.jobId, reference: r.jobReference, staffPath: `${pipeline?.staffPath ?? ''}/${e.jobId}` }
        : null,
    createdAt: e.createdAt,
  };
}

const staffImageUrl = (enquiryId: string, imageId: string, variant: 'thumb' | 'display') =>
  `/api/v1/enquiries/${enquiryId}/images/${imageId}?variant=${variant}`;

async function loadEnquiry(tx: Tx, actor: Actor, id: string, lock = false) {
  if (lock && !(await q.lockEnquiry(tx, actor.shopId, id))) throw notFound('Enquiry');
  const row = await q.findEnquiry(tx, actor.shopId, id);
  if (!row) throw notFound('Enquiry');
  return row;
}

async function detailIn(tx: Tx, actor: Actor, id: string) {
  const row = await loadEnquiry(tx, actor, id);
  const images = await q.imagesOf(tx, actor.shopId, id);
  const replies = await q.repliesOf(tx, actor.shopId, id);
  return {
    ...presentSummary(row),
    images: images.map((i) => ({
      id: i.id,
      contentType: i.contentType,
      width: i.width,
      height: i.height,
      fileName: i.fileName,
      url: staffImageUrl(id, i.id, 'display'),
      thumbnailUrl: staffImageUrl(id, i.id, 'thumb'),
    })),
    replies,
  };
}

export function listEnquiries(deps: { db: Database }, actor: Actor, query: { status?: Summary['enquiry']['status'] | undefined }) {
  return deps.db.tenant(actor.shopId, async (tx) => ({
    items: (await q.listEnquiries(tx, actor.shopId, query.status)).map(presentSummary),
    unread: await q.unreadCount(tx, actor.shopId),
  }));
}

export function unreadEnquiries(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => ({ unread: await q.unreadCount(tx, actor.shopId) }));
}

/** One enquiry; opening it marks it read. */
export function getEnquiry(deps: { db: Database; clock: Clock }, actor: Actor, id: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    await loadEnquiry(tx, actor, id);
    await q.markRead(tx, actor.shopId, id, deps.clock.now());
    return detailIn(tx, actor, id);
  });
}

export function setStatus(deps: { db: Database; clock: Clock }, actor: Actor, id: string, status: 'new' | 'contacted' | 'booked' | 'completed' | 'spam') {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const row = await loadEnquiry(tx, actor, id, true);
    if (row.enquiry.status === 'converted') throw alreadyConverted(presentSummary(row).job);
    await q.setEnquiry(tx, actor.shopId, id, { status, updatedAt: deps.clock.now() });
    return detailIn(tx, actor, id);
  });
}

/** Answers the person who asked, on their channel (through the outbox); a new enquiry becomes contacted. */
export function replyToEnquiry(deps: { db: Database; clock: Clock }, actor: Actor, id: string, body: string) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const row = await loadEnquiry(tx, actor, id, true);
    const at = deps.clock.now();
    const reply = await q.insertReply(tx, { shopId: actor.shopId, enquiryId: id, body, authorId: actor.userId, createdAt: at });
    await insertOutbox(tx, { shopId: actor.shopId, topic: 'enquiry_reply', idempotencyKey: `enquiry_reply:${reply.id}`, payload: { enquiryId: id, body } });
    if (row.enquiry.status === 'new') await q.setEnquiry(tx, actor.shopId, id, { status: 'contacted', updatedAt: at });
    await q.markRead(tx, actor.shopId, id, at);
    return detailIn(tx, actor, id);
  });
}

const alreadyConverted = (job: { kind: string; id: string; reference: string } | null) =>
  new DomainError(
    'already_converted',
    'Already converted',
    job ? `This enquiry was already made into ${job.reference}.` : 'This enquiry was already made into a job.',
    job ? { job: { kind: job.kind, id: job.id, reference: job.reference } } : {},
  );

/** What a job's create body gets from the enquiry when its pipeline takes such a field. */
function prefill(createSchema: unknown, e: q.EnquiryRow): Record<string, unknown> {
  const shape = (createSchema as { shape?: Record<string, unknown> }).shape ?? {};
  const title = `${topicLabels[e.topic]} for ${e.name}`.slice(0, 200);
  return {
    ...('title' in shape ? { title } : {}),
    ...('description' in shape ? { description: e.description.slice(0, 10_000) } : {}),
  };
}

export interface ConvertDeps extends CreateDeps {
  files: FileStore;
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Makes a job of any pipeline from an enquiry, at that pipeline's first stage: the customer matched by
 * e-mail or E.164 phone (or made), the description on the job (its field when the pipeline has one,
 * and a comment), the reference images as its attachments; what only the piece can tell (a repair's item
 * and work) is left for when it comes in. The enquiry's row is locked first, so of
 * two staff converting at once one makes the job and the other is told which job it became.
 */
export async function convertEnquiry(deps: ConvertDeps, actor: Actor, id: string, input: ConvertBody) {
  const entry = pipelines.find((p) => p.kind === input.kind);
  if (!entry) throw notFound('Pipeline');
  // The files are copied first (outside the transaction), keyed by new attachment ids, and removed if it fails.
  const images = await deps.db.tenant(actor.shopId, async (tx) => {
    const row = await loadEnquiry(tx, actor, id);
    if (row.enquiry.status === 'converted') throw alreadyConverted(presentSummary(row).job);
    return q.imagesOf(tx, actor.shopId, id);
  });
  const copied: string[] = [];
  const attachmentRows: Omit<NewAttachment, 'jobId' | 'stage'>[] = [];
  try {
    for (const img of images) {
      const attachmentId = randomUUID();
      const prefix = `shops/${actor.shopId}/attachments/${attachmentId}`;
      const copy = async (from: string, to: string, type: string) => {
        const file = await deps.files.get(from);
        if (!file) throw new Error(`enquiry image file missing: ${from}`);
        await deps.files.put(to, await readAll(file.body), type);
        copied.push(to);
      };
      const originalKey = `${prefix}/original`;
      const thumbKey = `${prefix}/thumb.${img.thumbContentType === 'image/png' ? 'png' : 'jpg'}`;
      await copy(img.displayKey ?? img.originalKey, originalKey, 'image/jpeg');
      await copy(img.thumbKey, thumbKey, img.thumbContentType);
      attachmentRows.push({
        id: attachmentId,
        shopId: actor.shopId,
        jobKind: entry.kind as JobKind,
        caption: 'Reference image from the web enquiry',
        customerVisible: false,
        addedBy: actor.userId,
        contentType: 'image/jpeg',
        bytes: img.bytes,
        width: img.width,
        height: img.height,
        fileName: img.fileName,
        originalKey,
        displayKey: null,
        thumbKey,
        thumbContentType: img.thumbContentType,
      });
    }
    return await deps.db.tenant(actor.shopId, async (tx) => {
      const row = await loadEnquiry(tx, actor, id, true);
      const e = row.enquiry;
      if (e.status === 'converted') throw alreadyConverted(presentSummary(row).job);
      const at = deps.clock.now();
      let customer: { id: string; name: string; matched: boolean };
      if (input.customerId) {
        const found = await findCustomer(tx, actor.shopId, input.customerId);
        if (!found) throw fieldErrors([{ path: 'customerId', message: 'No such customer in this shop' }]);
        customer = { id: found.id, name: found.name, matched: true };
      } else {
        // The same e-mail is the same customer; the same phone only with a name that could be theirs.
        const found = await q.customersByContact(tx, actor.shopId, e.email, e.phone);
        const match = found.find((c) => c.byEmail) ?? found.find((c) => namesAgree(c.name, e.name));
        if (match) customer = { id: match.id, name: match.name, matched: true };
        else {
          const made = await insertCustomer(tx, {
            shopId: actor.shopId,
            name: e.name,
            email: e.email,
            phone: e.phone,
            preferredChannel: defaultChannel(e),
            notes: `From web enquiry ${q.formatEnquiryReference(e.number)}`,
          });
          customer = { id: made.id, name: made.name, matched: false };
        }
      }
      const body = { ...prefill(entry.schemas.create, e), ...input.fields, customerId: customer.id };
      const job = await entry.enquiry.createIn(tx, deps, actor, body);
      const { currency, locale } = await q.shopMoney(tx, actor.shopId);
      const budget = budgetIn(e.budget, currency, locale);
      await addComment(
        tx,
        entry.store,
        actor,
        job.id,
        `From web enquiry ${q.formatEnquiryReference(e.number)} (${topicLabels[e.topic]}; budget: ${budget}):\n\n${e.description}`.slice(0, 4000),
        at,
      );
      if (attachmentRows.length > 0) {
        await insertAttachments(
          tx,
          attachmentRows.map((a) => ({ ...a, jobId: job.id, stage: entry.def.initial, createdAt: at })),
        );
      }
      await q.setEnquiry(tx, actor.shopId, id, {
        status: 'converted',
        jobId: job.id,
        jobKind: entry.kind,
        customerId: customer.id,
        readAt: e.readAt ?? at,
        updatedAt: at,
      });
      return {
        enquiry: await detailIn(tx, actor, id),
        job: { kind: entry.kind, id: job.id, reference: job.reference, staffPath: `${entry.staffPath}/${job.id}` },
        customer,
      };
    });
  } catch (err) {
    await Promise.allSettled(copied.map((key) => deps.files.delete(key)));
    throw err;
  }
}

/** An enquiry's image for signed-in staff of its shop. */
export async function openImage(deps: { db: Database; files: FileStore }, actor: Actor, id: string, imageId: string, variant: 'thumb' | 'display') {
  const img = await deps.db.tenant(actor.shopId, (tx) => q.findImage(tx, actor.shopId, id, imageId));
  if (!img) throw notFound('Image');
  const key = variant === 'thumb' ? img.thumbKey : (img.displayKey ?? img.originalKey);
  const file = await deps.files.get(key);
  if (!file) throw notFound('Image');
  return { ...file, contentType: variant === 'thumb' ? img.thumbContentType : 'image/jpeg', etag: `"${imageId}-${variant}"` };
}

/** Where the shop's form lives, and what to paste into its website. */
export function enquirySettings(deps: { db: Database; config: { publicUrl: string } }, actor: Actor) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const shop = await q.shopSlug(tx, actor.shopId);
    if (!shop?.slug) throw notFound('Shop');
    const formUrl = `${deps.config.publicUrl}/enquire/${shop.slug}`;
    const title = esc(formTitle(shop.name));
    return {
      slug: shop.slug,
      formUrl,
      scriptSnippet: `<script src="${formUrl}/embed.js" async></script>`,
      iframeSnippet: `<iframe src="${formUrl}?embed=1" title="${title}" style="width:100%;max-width:40rem;height:1500px;border:0" loading="lazy"></iframe>`,
    };
  });
}
