import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { DomainError } from '../../domain/errors.js';
import { actorOf, checkOrigin } from '../../http/auth.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { pipelines } from '../jobs/registry.js';
import { Budgets } from '../limits/budgets.js';
import { TrackingGuard } from './guard.js';
import { lookupPage, type PageOptions, problemPage, trackingPage } from './page.js';
import {
  codeParams,
  customerMessage,
  customerMessageBody,
  decisionAnswer,
  decisionBody,
  designReviewList,
  lookupBody,
  quoteDecisionAnswer,
  quoteDecisionBody,
  shopContact,
  shopContactBody,
  trackingSettingsBody,
  trackingSettingsView,
  trackingView,
} from './schemas.js';
import * as service from './service.js';
import * as staff from './staff-service.js';

const tags = ['Tracking (customers)'];
const FORM_BODY_LIMIT = 16 * 1024;

export interface PublicTrackingOptions {
  /** Tests shorten the fixed time a miss takes. */
  guard?: TrackingGuard;
}

/**
 * What the customer sees, with no session: the JSON API (`/api/v1/track/...`) and the server-rendered
 * page (`/track`, `/track/:code`). Both share one guard, so a miss on either counts against the address.
 * Writes need no CSRF token: no cookie or other ambient credential is involved, so a foreign page could
 * only act with the 144-bit code in the URL, which it does not have; browsers' writes from another
 * origin are refused as well (decision 0005).
 */
export const publicTracking =
  (deps: AppDeps, opts: PublicTrackingOptions = {}) =>
  async (scope: FastifyInstance) => {
    const app: App = scope.withTypeProvider<ZodTypeProvider>();
    const guard = opts.guard ?? new TrackingGuard(new Budgets(deps.db));
    const ownOrigins = [new URL(deps.config.publicUrl).origin];
    // The page's forms post urlencoded; parsed here only, so the rest of the API stays JSON.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    app.addHook('onRequest', async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'same-origin').header('x-robots-tag', 'noindex');
      checkOrigin(req, ownOrigins);
    });

    app.get(
      '/api/v1/track/:code',
      {
        schema: {
          tags,
          summary: 'A job as its customer may see it, by the secret code in their link',
          description: 'Any miss is 404 `not_found` after the same time; the 31st miss in a minute from one address is 429 `rate_limited`.',
          security: [],
          params: codeParams,
          response: { 200: trackingView },
        },
      },
      (req) => guard.run(req.ip, () => service.trackByCode(deps, req.params.code)),
    );

    app.post(
      '/api/v1/track/lookup',
      {
        schema: {
          tags,
          summary: 'The same, by the reference on the slip and the customer’s surname or postcode (the shop’s choice)',
          description: 'A wrong reference, a wrong verifier and another shop’s reference all answer the same 404.',
          security: [],
          body: lookupBody,
          response: { 200: trackingView },
        },
      },
      (req) => guard.run(req.ip, () => service.trackByReference(deps, req.body)),
    );

    app.post(
      '/api/v1/track/:code/approval',
      {
        schema: {
          tags,
          summary: 'Approve the design, or ask for changes (with a comment)',
          description:
            'Send back the `approval.attachmentIds` you were shown. The decision is recorded once per version of the renders; ' +
            'a change request moves the job back to CAD with the comment as the note. 409 when the job is no longer at approval or the renders changed.',
          security: [],
          'x-problems': ['StageConflict'],
          params: codeParams,
          body: decisionBody,
          response: { 200: decisionAnswer },
        },
      },
      async (req) => {
        const answer = await guard.run(req.ip, async () => {
          await guard.write(req.params.code);
          return service.decide(deps, req.params.code, req.body);
        });
        return answer;
      },
    );

    app.post(
      '/api/v1/track/:code/quote',
      {
        schema: {
          tags,
          summary: 'Approve a repair’s quote, or decline it',
          description:
            'Approval moves the repair from quoted to approved; a decline puts it on hold with the comment as the note. 409 when the quote is no longer waiting.',
          security: [],
          'x-problems': ['StageConflict'],
          params: codeParams,
          body: quoteDecisionBody,
          response: { 200: quoteDecisionAnswer },
        },
      },
      (req) =>
        guard.run(req.ip, async () => {
          await guard.write(req.params.code);
          return service.decideQuote(deps, req.params.code, req.body);
        }),
    );

    app.post(
      '/api/v1/track/:code/messages',
      {
        schema: {
          tags,
          summary: 'Send the shop a short message',
          security: [],
          params: codeParams,
          body: customerMessageBody,
          response: { 201: customerMessage },
        },
      },
      async (req, reply) => {
        const made = await guard.run(req.ip, async () => {
          await guard.write(req.params.code);
          return service.sendCustomerMessage(deps, req.params.code, req.body.body);
        });
        return reply.code(201).send(made);
      },
    );

    pageRoutes(app, deps, guard);
  };

/** Photos come through signed links on the public URL; the shop's logo from anywhere over https. */
const pageHeaders = (reply: FastifyReply, nonce: string, filesOrigin: string) =>
  reply
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; img-src 'self' ${filesOrigin} https: data:; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    .header('x-content-type-options', 'nosniff');

const pageOf = (reply: FastifyReply, filesOrigin: string): PageOptions => {
  const nonce = randomBytes(12).toString('base64');
  pageHeaders(reply, nonce, filesOrigin);
  return { nonce };
};

const formText = (body: unknown, name: string): string | undefined => {
  if (typeof body !== 'object' || body === null || !(name in body)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
};

/** What the page says when something went wrong: the same words for every miss. */
function sendPageProblem(reply: FastifyReply, err: unknown, filesOrigin: string) {
  const opts = pageOf(reply, filesOrigin);
  if (err instanceof DomainError && err.code === 'rate_limited') {
    const retry = err.extra.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    return reply.code(429).send(problemPage('Please wait a minute', err.detail ?? err.title, opts));
  }
  if (err instanceof DomainError && err.code === 'not_found') {
    return reply.code(404).send(problemPage('We could not find that piece', err.detail ?? err.title, opts));
  }
  throw err;
}

const pageParams = z.object({ code: z.string().max(64) });

function pageRoutes(app: App, deps: AppDeps, guard: TrackingGuard) {
  const filesOrigin = new URL(deps.config.publicUrl).origin;
  const page = (reply: FastifyReply) => pageOf(reply, filesOrigin);
  const problem = (reply: FastifyReply, err: unknown) => sendPageProblem(reply, err, filesOrigin);
  const show = async (req: FastifyRequest, reply: FastifyReply, code: string, status: number, flash?: PageOptions['flash']) => {
    try {
      const view = await guard.run(req.ip, () => service.trackByCode(deps, code));
      const opts = page(reply);
      return reply.code(status).send(trackingPage(view, code, { ...opts, flash }));
    } catch (err) {
      return problem(reply, err);
    }
  };

  app.get('/track', { schema: { hide: true, querystring: z.object({ shop: z.uuid().optional().catch(undefined) }) } }, (req, reply) =>
    reply.send(lookupPage({ ...page(reply), shop: req.query.shop })),
  );

  app.post('/track', { schema: { hide: true } }, async (req, reply) => {
    const shop = formText(req.body, 'shop') || undefined;
    const parsed = lookupBody.safeParse({ reference: formText(req.body, 'reference') ?? '', verifier: formText(req.body, 'verifier') ?? '', shop });
    if (!parsed.success) {
      const flash = { kind: 'error' as const, text: 'Enter your reference and your surname or postcode.' };
      return reply.code(422).send(lookupPage({ ...page(reply), reference: formText(req.body, 'reference'), flash }));
    }
    try {
      const view = await guard.run(req.ip, () => service.trackByReference(deps, parsed.data));
      return reply.redirect(new URL(view.trackingUrl).pathname, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'not_found') {
        const flash = { kind: 'error' as const, text: err.detail ?? err.title };
        return reply.code(404).send(lookupPage({ ...page(reply), reference: parsed.data.reference, shop: parsed.data.shop, flash }));
      }
      return problem(reply, err);
    }
  });

  app.get('/track/:code', { schema: { hide: true, params: pageParams } }, (req, reply) => {
    const flash = (req.query as Record<string, string | undefined>).done;
    const notices: Record<string, string> = {
      approved: 'Thank you: you approved the design.',
      changes: 'Thank you: the shop has your comments.',
      sent: 'Your message has been sent to the shop.',
      'quote-approved': 'Thank you: you approved the quote. We will start work on your piece.',
      'quote-declined': 'Thank you: we have your answer, and will keep your piece safe until you collect it.',
    };
    const text = flash ? notices[flash] : undefined;
    return show(req, reply, req.params.code, 200, text ? { kind: 'notice', text } : undefined);
  });

  app.post('/track/:code/quote', { schema: { hide: true, params: pageParams } }, async (req, reply) => {
    const code = req.params.code;
    const input = quoteDecisionBody.safeParse({ decision: formText(req.body, 'decision'), comment: formText(req.body, 'comment') });
    if (!input.success) return show(req, reply, code, 422, { kind: 'error', text: 'Something was missing from the form; please try again.' });
    try {
      await guard.run(req.ip, async () => {
        await guard.write(code);
        return service.decideQuote(deps, code, input.data);
      });
      return reply.redirect(`/track/${encodeURIComponent(code)}?done=${input.data.decision === 'approved' ? 'quote-approved' : 'quote-declined'}`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'stage_conflict') return show(req, reply, code, 409, { kind: 'error', text: err.detail ?? err.title });
      return problem(reply, err);
    }
  });

  app.post('/track/:code/approval', { schema: { hide: true, params: pageParams } }, async (req, reply) => {
    const code = req.params.code;
    const input = decisionBody.safeParse({
      decision: formText(req.body, 'decision'),
      comment: formText(req.body, 'comment'),
      attachmentIds: (formText(req.body, 'attachmentIds') ?? '').split(',').filter(Boolean),
    });
    if (!input.success) return show(req, reply, code, 422, { kind: 'error', text: 'Something was missing from the form; please try again.' });
    try {
      await guard.run(req.ip, async () => {
        await guard.write(code);
        return service.decide(deps, code, input.data);
      });
      return reply.redirect(`/track/${encodeURIComponent(code)}?done=${input.data.decision === 'approved' ? 'approved' : 'changes'}`, 303);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'stage_conflict' || err.code === 'validation_failed')) {
        return show(req, reply, code, err.code === 'stage_conflict' ? 409 : 422, { kind: 'error', text: err.detail ?? err.title });
      }
      return problem(reply, err);
    }
  });

  app.post('/track/:code/messages', { schema: { hide: true, params: pageParams } }, async (req, reply) => {
    const code = req.params.code;
    const input = customerMessageBody.safeParse({ body: formText(req.body, 'body') ?? '' });
    if (!input.success) return show(req, reply, code, 422, { kind: 'error', text: 'Write a message of up to 1,000 characters.' });
    try {
      await guard.run(req.ip, async () => {
        await guard.write(code);
        return service.sendCustomerMessage(deps, code, input.data.body);
      });
      return reply.redirect(`/track/${encodeURIComponent(code)}?done=sent#messages`, 303);
    } catch (err) {
      return problem(reply, err);
    }
  });
}

/** Staff routes: the shop's tracking settings and contact details, and a job's design decisions. */
export function trackingStaffRoutes(app: App, deps: AppDeps) {
  const staffTags = ['Tracking (staff)'];
  app.get(
    '/api/v1/settings/tracking',
    { schema: { tags: staffTags, summary: 'What the tracking page asks and shows', response: { 200: trackingSettingsView } } },
    (req) => staff.getTrackingSettings(deps, actorOf(req)),
  );
  app.patch(
    '/api/v1/settings/tracking',
    {
      schema: {
        tags: staffTags,
        summary: 'Change the verifier (surname or postcode), whether the balance shows, whether approval moves on, the slip’s terms',
        body: trackingSettingsBody,
        response: { 200: trackingSettingsView },
      },
    },
    (req) => staff.updateTrackingSettings(deps, actorOf(req), req.body),
  );
  app.get('/api/v1/shop/contact', { schema: { tags: staffTags, summary: 'How customers reach the shop', response: { 200: shopContact } } }, (req) =>
    staff.getShopContact(deps, actorOf(req)),
  );
  app.patch(
    '/api/v1/shop/contact',
    {
      schema: {
        tags: staffTags,
        summary: 'Change the phone, e-mail, address, opening hours or logo shown to customers (owners and managers)',
        body: shopContactBody,
        response: { 200: shopContact },
      },
    },
    (req) => staff.updateShopContact(deps, actorOf(req), req.body),
  );

  for (const { apiPath, store } of pipelines.filter((p) => p.designReview)) {
    app.get(
      `${apiPath}/:id/design-reviews`,
      {
        schema: { tags: staffTags, summary: 'The customer’s decisions on each version of the renders', params: idParams, response: { 200: designReviewList } },
      },
      (req) => staff.designReviews(deps, actorOf(req), store, req.params.id),
    );
  }
}
