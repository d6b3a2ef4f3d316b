import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { actorOf, checkOrigin } from '../../http/auth.js';
import { fileBytes } from '../../http/openapi-problems.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { type AttachmentAppDeps, attachmentDeps } from '../attachments/deps.js';
import { embedScript, formTitle } from './embed.js';
import { EnquiryIntake, type PublicEnquiryOptions } from './intake.js';
import { enquiryFormPage, type FormShop, type FormState, type PageOptions, problemPage, thanksPage } from './page.js';
import { publicEnquiryApi } from './public-api.js';
import { type ReadForm, readForm } from './read-form.js';
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
  replyBody,
  statusBody,
  unreadAnswer,
} from './schemas.js';
import * as service from './service.js';

export { defaultEnquiryLimits, type EnquiryLimits, type PublicEnquiryOptions } from './intake.js';
export { ENQUIRY_IMAGE_MAX_BYTES } from './read-form.js';

const require = createRequire(import.meta.url);
let widget: Promise<Buffer> | undefined;
/** The ALTCHA widget, served from Loupe's own origin (no third party sees the visitor). */
const widgetScript = () => {
  // The package exports its bundle by condition only; the minified build sits beside the main one.
  widget ??= readFile(path.join(path.dirname(require.resolve('altcha')), 'altcha.min.js'));
  return widget;
};

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

const formShopOf = (shop: service.PublicShop): FormShop => ({
  name: shop.name,
  slug: shop.slug ?? '',
  logoUrl: shop.logoUrl,
  currency: shop.currency,
  locale: shop.locale,
});

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
 * The public enquiry form at `/enquire/<slug>`, and its JSON twin under `/api/v1/public/shops/<slug>`
 * (public-api.ts): no session. A post is paid for from the address's and the shop's allowances before
 * its body is read, carries a solved proof-of-work challenge (spent once), and a honeypot; every refusal
 * is a 4xx page with nothing stored. Both doors go through one intake, so they share every allowance.
 */
export const publicEnquiries =
  (appDeps: AttachmentAppDeps, opts: PublicEnquiryOptions = {}) =>
  async (scope: FastifyInstance) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: true });
    const app: App = scope.withTypeProvider<ZodTypeProvider>();
    const deps = attachmentDeps(appDeps);
    const intake = new EnquiryIntake(deps, opts);
    const ownOrigins = [new URL(appDeps.config.publicUrl).origin];

    app.addHook('onRequest', async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'same-origin').header('x-robots-tag', 'noindex');
      checkOrigin(req, ownOrigins);
    });

    publicEnquiryApi(app, intake);

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

    app.get('/enquire/:slug/challenge', { schema: { hide: true, params: slugParams } }, (req) => intake.challenge(req.params.slug, req.ip));

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
        // Paid for before the body is read.
        shop = await intake.admit(req.params.slug, req.ip);
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
      const droppedPictures = read.files.map((f) => f.fileName.slice(0, 80));
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
      if (!parsed.success || !contact || errors.length > 0) return again(422, { values, errors, droppedPictures });
      try {
        const made = await intake.submit(shop, parsed.data, contact, read.files, read.fields.altcha);
        return thanks(made.reference);
      } catch (err) {
        if (err instanceof DomainError) {
          const status = err.code === 'rate_limited' ? 429 : err.code === 'server_busy' ? 503 : err.code === 'unsupported_media_type' ? 415 : 422;
          if (typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
          const fieldErrs = (err.extra.errors as FieldError[] | undefined) ?? [];
          // A picture refused is said beside the pictures' field alone.
          const pictureOnly = err.code === 'unsupported_media_type' && fieldErrs.length > 0;
          return again(status, { values, errors: fieldErrs, droppedPictures, ...(pictureOnly ? {} : { problem: err.detail ?? err.title }) });
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
  app.patch(
    '/api/v1/enquiries/:id',
    {
      schema: {
        tags,
        summary: 'Change an enquiry’s status: new, contacted, booked, completed or spam (converted comes only from converting)',
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
          '`fields` are the pipeline’s own create fields (checked by that pipeline: 422 with field errors); none are needed: what only the piece can tell is left as the pipeline’s “not known yet” (a repair’s item type `other` and no work lines, an appraisal’s item type `other`), to fill in when it comes in. Converting an enquiry a second time is 409 `already_converted`, naming the job made the first time in `job`.',
        'x-problems': ['AlreadyConverted'],
        params: idParams,
        body: convertBody,
        response: { 201: convertAnswer },
      },
    },
    async (req, reply) => reply.code(201).send(await service.convertEnquiry({ ...deps, jobHooks: appDeps.jobHooks }, actorOf(req), req.params.id, req.body)),
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
