import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { actorOf, checkOrigin } from '../../http/auth.js';
import { fileBytes } from '../../http/openapi-problems.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { type AttachmentAppDeps, attachmentDeps } from '../attachments/deps.js';
import { detectType, processFile } from '../attachments/media.js';
import { formatBytes } from '../attachments/multipart.js';
import { type BudgetRule, Budgets, rateLimited } from '../limits/budgets.js';
import { type Difficulty, EnquiryChallenges } from './challenge.js';
import { embedScript, formTitle } from './embed.js';
import { enquiryFormPage, type FormShop, type FormState, type PageOptions, problemPage, thanksPage } from './page.js';
import {
  convertAnswer,
  convertBody,
  enquiryDetail,
  enquiryForm,
  enquiryList,
  enquiryListQuery,
  enquirySettings,
  imageParams,
  imageQuery,
  MAX_ENQUIRY_IMAGES,
  replyBody,
  statusBody,
  unreadAnswer,
} from './schemas.js';
import * as service from './service.js';

/** Each reference picture may be this large, as sent. */
export const ENQUIRY_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

export interface EnquiryLimits {
  /** Enquiries (sent or refused) one address may post per window. */
  perAddress: number;
  /** Enquiries one shop's form takes per window, from everyone together. */
  perShop: number;
  windowSeconds: number;
  /** Challenges one address may ask for per window. */
  challengesPerAddress: number;
}

export const defaultEnquiryLimits: EnquiryLimits = { perAddress: 10, perShop: 200, windowSeconds: 60 * 60, challengesPerAddress: 120 };

export interface PublicEnquiryOptions {
  limits?: EnquiryLimits;
  difficulty?: Difficulty;
}

const tooMany = { title: 'Too many enquiries', detail: 'A lot of enquiries came from your connection recently; please wait a while, or call the shop.' };
const shopBusy = { title: 'Too many enquiries', detail: 'This shop’s form is very busy just now; please try again later, or call the shop.' };

const require = createRequire(import.meta.url);
let widget: Promise<Buffer> | undefined;
/** The ALTCHA widget, served from Loupe's own origin (no third party sees the visitor). */
const widgetScript = () => {
  // The package exports its bundle by condition only; the minified build sits beside the main one.
  widget ??= readFile(path.join(path.dirname(require.resolve('altcha')), 'altcha.min.js'));
  return widget;
};

/**
 * The addresses this process has seen refused, until their allowance's window reopens. The allowance
 * itself lives in PostgreSQL (shared by every process); this only spares the database the rest of a flood.
 */
class RefusalMemory {
  private readonly until = new Map<string, number>();

  check(address: string, refusal: { title: string; detail: string }): void {
    const at = this.until.get(address);
    if (at === undefined) return;
    const left = at - Date.now();
    if (left > 0) throw rateLimited(refusal, left);
    this.until.delete(address);
  }

  async remember<T>(address: string, taking: Promise<T>): Promise<T> {
    try {
      return await taking;
    } catch (err) {
      const retry = err instanceof DomainError ? err.extra.retryAfterSeconds : undefined;
      if (typeof retry === 'number') {
        if (this.until.size > 10_000) this.until.clear();
        this.until.set(address, Date.now() + retry * 1000);
      }
      throw err;
    }
  }
}

const slugParams = z.object({ slug: z.string().max(80) });
const embedQuery = z.object({ embed: z.string().max(5).optional().catch(undefined) });

const pageOf = (reply: FastifyReply, embed: boolean): PageOptions => {
  const nonce = randomBytes(12).toString('base64');
  // The widget solves in workers it starts from data: URLs; the form may sit in any website's frame when embedded.
  reply
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; script-src 'self' 'nonce-${nonce}'; connect-src 'self'; worker-src blob: data:; form-action 'self'; frame-ancestors ${embed ? '*' : "'none'"}; base-uri 'none'`,
    )
    .header('x-content-type-options', 'nosniff');
  return { nonce, embed };
};

const formShopOf = (shop: service.PublicShop): FormShop => ({ name: shop.name, slug: shop.slug ?? '', logoUrl: shop.logoUrl });

interface ReadForm {
  fields: Record<string, string>;
  files: { fileName: string; bytes: Buffer }[];
}

/** Reads the multipart post within its limits: a file over the size or a sixth file is refused before more is read. */
async function readForm(req: FastifyRequest): Promise<ReadForm> {
  if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 'Unsupported media type', 'Send the form as multipart/form-data');
  const fields: Record<string, string> = {};
  const files: ReadForm['files'] = [];
  let current = '';
  try {
    const parts = req.parts({
      limits: { fileSize: ENQUIRY_IMAGE_MAX_BYTES, files: MAX_ENQUIRY_IMAGES, fields: 12, fieldSize: 8 * 1024, parts: MAX_ENQUIRY_IMAGES + 12 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        current = part.filename || 'picture';
        const bytes = await part.toBuffer();
        // A file input left empty still sends a nameless, empty part.
        if (bytes.length > 0 || part.filename) files.push({ fileName: current, bytes });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new DomainError(
        'payload_too_large',
        'Picture too large',
        `“${current}” is larger than ${formatBytes(ENQUIRY_IMAGE_MAX_BYTES)}; send a smaller photo.`,
        {
          limitBytes: ENQUIRY_IMAGE_MAX_BYTES,
          maxFiles: MAX_ENQUIRY_IMAGES,
        },
      );
    }
    if (
      code === 'FST_FILES_LIMIT' ||
      code === 'FST_PARTS_LIMIT' ||
      code === 'FST_FIELDS_LIMIT' ||
      code === 'FST_PART_FIELD_SIZE_LIMIT' ||
      code === 'FST_FIELD_SIZE_LIMIT'
    ) {
      throw new DomainError(
        'payload_too_large',
        'Too much sent',
        `Send at most ${MAX_ENQUIRY_IMAGES} pictures, each up to ${formatBytes(ENQUIRY_IMAGE_MAX_BYTES)}.`,
        {
          limitBytes: ENQUIRY_IMAGE_MAX_BYTES,
          maxFiles: MAX_ENQUIRY_IMAGES,
        },
      );
    }
    if (err instanceof DomainError) throw err;
    throw new DomainError('bad_request', 'Bad request', 'The form could not be read; please try again.');
  }
  return { fields, files: files.filter((f) => f.bytes.length > 0) };
}

const valuesOf = (fields: Record<string, string>): FormState['values'] => ({
  name: fields.name,
  email: fields.email,
  phone: fields.phone,
  topic: fields.topic,
  description: fields.description,
  budget: fields.budget,
  consent: fields.consent,
});

/**
 * The public enquiry form at `/enquire/<slug>`: no session. A post is paid for from the address's and
 * the shop's allowances before its body is read, carries a solved proof-of-work challenge (spent once),
 * and a honeypot; every refusal is a 4xx page with nothing stored.
 */
export const publicEnquiries =
  (appDeps: AttachmentAppDeps, opts: PublicEnquiryOptions = {}) =>
  async (scope: FastifyInstance) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: true });
    const app: App = scope.withTypeProvider<ZodTypeProvider>();
    const deps = attachmentDeps(appDeps);
    const budgets = new Budgets(deps.db);
    const limits = opts.limits ?? defaultEnquiryLimits;
    const perAddress: BudgetRule = { name: 'enquiry-address', points: limits.perAddress, windowSeconds: limits.windowSeconds };
    const perShop: BudgetRule = { name: 'enquiry-shop', points: limits.perShop, windowSeconds: limits.windowSeconds };
    const challengeRule: BudgetRule = { name: 'enquiry-challenge', points: limits.challengesPerAddress, windowSeconds: limits.windowSeconds };
    const challenges = new EnquiryChallenges({ db: deps.db, config: appDeps.config }, opts.difficulty);
    const ownOrigins = [new URL(appDeps.config.publicUrl).origin];
    const refused = new RefusalMemory();

    app.addHook('onRequest', async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'same-origin').header('x-robots-tag', 'noindex');
      checkOrigin(req, ownOrigins);
    });

    const problem = (reply: FastifyReply, err: unknown, embed: boolean) => {
      const page = pageOf(reply, embed);
      if (err instanceof DomainError) {
        if (err.code === 'rate_limited' && typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
        const status = err.code === 'not_found' ? 404 : err.code === 'rate_limited' ? 429 : err.code === 'forbidden' ? 403 : 400;
        return reply.code(status).send(problemPage(err.title, err.detail ?? err.title, page));
      }
      throw err;
    };

    app.get('/enquire/assets/altcha.js', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .header('x-content-type-options', 'nosniff')
        .send(await widgetScript()),
    );

    app.get('/enquire/:slug', { schema: { hide: true, params: slugParams, querystring: embedQuery } }, async (req, reply) => {
      const embed = req.query.embed === '1';
      try {
        const shop = await service.shopForSlug(deps, req.params.slug);
        return reply.send(enquiryFormPage(formShopOf(shop), {}, pageOf(reply, embed)));
      } catch (err) {
        return problem(reply, err, embed);
      }
    });

    // The loader a storefront's one script tag fetches: any site may load it (it only makes the form's frame).
    app.get('/enquire/:slug/embed.js', { schema: { hide: true, params: slugParams } }, async (req, reply) => {
      reply.type('text/javascript; charset=utf-8').header('x-content-type-options', 'nosniff');
      let shop: service.PublicShop;
      try {
        shop = await service.shopForSlug(deps, req.params.slug);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'not_found') return reply.code(404).send('// Loupe: there is no enquiry form at this address.\n');
        throw err;
      }
      const formUrl = `${appDeps.config.publicUrl}/enquire/${encodeURIComponent(shop.slug ?? '')}`;
      return reply.header('cache-control', 'public, max-age=3600').send(embedScript(formUrl, formTitle(shop.name)));
    });

    app.get('/enquire/:slug/challenge', { schema: { hide: true, params: slugParams } }, async (req) => {
      const shop = await service.shopForSlug(deps, req.params.slug);
      await budgets.take(challengeRule, req.ip, tooMany);
      return challenges.create(shop.id);
    });

    app.get(
      '/enquire/:slug/thanks',
      { schema: { hide: true, params: slugParams, querystring: embedQuery.extend({ ref: z.string().max(20).optional().catch(undefined) }) } },
      async (req, reply) => {
        const embed = req.query.embed === '1';
        try {
          const shop = await service.shopForSlug(deps, req.params.slug);
          const ref = req.query.ref && /^ENQ-\d{4,9}$/.test(req.query.ref) ? req.query.ref : null;
          return reply.send(thanksPage(formShopOf(shop), ref, pageOf(reply, embed)));
        } catch (err) {
          return problem(reply, err, embed);
        }
      },
    );

    app.post('/enquire/:slug', { schema: { hide: true, params: slugParams, querystring: embedQuery } }, async (req, reply) => {
      const embed = req.query.embed === '1';
      let shop: service.PublicShop;
      try {
        // An address already refused is refused again from memory until its window reopens: a flood costs no query at all.
        refused.check(req.ip, tooMany);
        shop = await service.shopForSlug(deps, req.params.slug);
        // Paid for before the body is read.
        await refused.remember(req.ip, budgets.take(perAddress, req.ip, tooMany));
        await budgets.take(perShop, shop.id, shopBusy);
      } catch (err) {
        return problem(reply, err, embed);
      }
      const again = (status: number, state: FormState) => reply.code(status).send(enquiryFormPage(formShopOf(shop), state, pageOf(reply, embed)));
      let read: ReadForm;
      try {
        read = await readForm(req);
      } catch (err) {
        if (err instanceof DomainError)
          return again(err.code === 'payload_too_large' ? 413 : err.code === 'unsupported_media_type' ? 415 : 400, { problem: err.detail ?? err.title });
        throw err;
      }
      const values = valuesOf(read.fields);
      const thanks = (ref: string | null) =>
        reply.redirect(
          `/enquire/${encodeURIComponent(shop.slug ?? '')}/thanks?${new URLSearchParams({ ...(embed ? { embed: '1' } : {}), ...(ref ? { ref } : {}) })}`,
          303,
        );
      // A robot that filled the hidden field is thanked like anyone, and nothing is kept.
      if (read.fields.website) return thanks(null);
      const parsed = enquiryForm.safeParse(read.fields);
      const errors: FieldError[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? 'form'), message: i.message }));
      let contact: { email: string | null; phone: string | null } | undefined;
      if (parsed.success) {
        try {
          contact = service.contactOf(parsed.data, shop.country);
        } catch (err) {
          if (err instanceof DomainError) errors.push(...((err.extra.errors as FieldError[] | undefined) ?? []));
          else throw err;
        }
      }
      if (!parsed.success || !contact || errors.length > 0) return again(422, { values, errors });
      try {
        const solved = await challenges.verify(shop.id, read.fields.altcha);
        const images: service.PreparedImage[] = [];
        for (const file of read.files) {
          const type = await detectType(file.bytes, file.fileName).catch(() => null);
          if (!type?.startsWith('image/')) {
            return again(415, {
              values,
              errors: [{ path: 'images', message: `“${file.fileName}” is not a photo we can take; send JPEG, PNG, WebP or HEIC pictures.` }],
            });
          }
          const made = await processFile(file.bytes, file.fileName, { queue: deps.media, shopId: shop.id });
          if (!made.display) return again(415, { values, errors: [{ path: 'images', message: `“${file.fileName}” is not a photo we can take.` }] });
          images.push({
            fileName: file.fileName,
            bytes: file.bytes.length,
            width: made.width,
            height: made.height,
            display: made.display,
            thumb: made.thumb,
            thumbContentType: made.thumbContentType,
          });
        }
        const made = await service.submitEnquiry(deps, shop, parsed.data, contact, images, solved);
        return thanks(made.reference);
      } catch (err) {
        if (err instanceof DomainError) {
          const status = err.code === 'rate_limited' ? 429 : err.code === 'server_busy' ? 503 : err.code === 'unsupported_media_type' ? 415 : 422;
          if (typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
          const fieldErrs = (err.extra.errors as FieldError[] | undefined) ?? [];
          return again(status, { values, errors: fieldErrs.map((e) => (e.path === 'file' ? { ...e, path: 'images' } : e)), problem: err.detail ?? err.title });
        }
        throw err;
      }
    });
  };

/** Staff routes: the inbox, an enquiry, its status, replies, converting it to a job, its images, and the form's snippet. */
export function enquiryRoutes(app: App, appDeps: AppDeps) {
  const tags = ['Enquiries'];
  const deps = attachmentDeps(appDeps);
  app.get(
    '/api/v1/enquiries',
    { schema: { tags, summary: 'The enquiry inbox, newest first, with how many are unread', querystring: enquiryListQuery, response: { 200: enquiryList } } },
    (req) => service.listEnquiries(deps, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/enquiries/unread',
    { schema: { tags, summary: 'How many enquiries nobody has opened yet (the hub’s badge)', response: { 200: unreadAnswer } } },
    (req) => service.unreadEnquiries(deps, actorOf(req)),
  );
  app.get(
    '/api/v1/settings/enquiries',
    { schema: { tags, summary: 'The shop’s enquiry form: its address and the snippet to paste into a website', response: { 200: enquirySettings } } },
    (req) => service.enquirySettings(deps, actorOf(req)),
  );
  app.get(
    '/api/v1/enquiries/:id',
    { schema: { tags, summary: 'One enquiry with its pictures and replies; opening it marks it read', params: idParams, response: { 200: enquiryDetail } } },
    (req) => service.getEnquiry(deps, actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/enquiries/:id/status',
    {
      schema: {
        tags,
        summary: 'Move an enquiry: new, contacted, booked, completed or spam (converted comes only from converting)',
        'x-problems': ['AlreadyConverted'],
        params: idParams,
        body: statusBody,
        response: { 200: enquiryDetail },
      },
    },
    (req) => service.setStatus(deps, actorOf(req), req.params.id, req.body.status),
  );
  app.post(
    '/api/v1/enquiries/:id/replies',
    {
      schema: {
        tags,
        summary: 'Answer the person who asked, on their channel (`enquiry_reply` through the outbox); a new enquiry becomes contacted',
        params: idParams,
        body: replyBody,
        response: { 201: enquiryDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await service.replyToEnquiry(deps, actorOf(req), req.params.id, req.body.body)),
  );
  app.post(
    '/api/v1/enquiries/:id/convert',
    {
      schema: {
        tags,
        summary:
          'Make a job of any pipeline from the enquiry, at its first stage, with the description and pictures; the customer matched by e-mail or phone, or made',
        description:
          '`fields` are the pipeline’s own create fields (checked by that pipeline: 422 with field errors). Converting an enquiry a second time is 409 `already_converted`, naming the job made the first time in `job`.',
        'x-problems': ['AlreadyConverted'],
        params: idParams,
        body: convertBody,
        response: { 201: convertAnswer },
      },
    },
    async (req, reply) => reply.code(201).send(await service.convertEnquiry(deps, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/enquiries/:id/images/:imageId',
    {
      schema: {
        tags,
        summary: 'A picture sent with an enquiry, for signed-in staff of its shop (`thumb` or `display`, both JPEG or PNG without metadata)',
        params: imageParams,
        querystring: imageQuery,
        produces: ['image/jpeg', 'image/png'],
        response: { 200: fileBytes },
      },
    },
    async (req, reply) => {
      const file = await service.openImage(deps, actorOf(req), req.params.id, req.params.imageId, req.query.variant);
      // A stream, which the typed reply (declared as the file's bytes) does not take as such.
      return (reply as FastifyReply)
        .header('content-type', file.contentType)
        .header('content-length', String(file.bytes))
        .header('content-disposition', 'inline')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .header('etag', file.etag)
        .header('cache-control', 'private, max-age=86400')
        .send(file.body);
    },
  );
}
