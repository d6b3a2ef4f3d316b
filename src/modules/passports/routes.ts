import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { DomainError } from '../../domain/errors.js';
import { actorOf, checkOrigin } from '../../http/auth.js';
import { pdfAnswer, sendPdf } from '../../http/pdf-answer.js';
import { idParams } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { type BudgetRule, Budgets } from '../limits/budgets.js';
import { certificatePdf, emailCertificate } from './certificate.js';
import { lookupPage, type PageOptions, problemPage, verifyPage } from './page.js';
import {
  certificateEmail,
  certificateEmailBody,
  draft,
  draftQuery,
  eventBody,
  issueBody,
  jobLink,
  linkBody,
  linkParams,
  listQuery,
  passportDetail,
  passportSummary,
  patchBody,
  transferCode,
  verifyAnswer,
} from './schemas.js';
import * as service from './service.js';
import { allPublicKeys, locatePassport, verifyRecord, verifyView } from './verify.js';

const tags = ['Passports'];

/** Staff: issue passports, add to their history, hand out transfer codes, print the certificate. */
export function passportRoutes(app: App, deps: AppDeps) {
  app.post(
    '/api/v1/passports',
    {
      schema: {
        tags,
        summary: 'Issue a passport: from a finished job (`jobId`, once per job) or from scratch for a piece the shop did not make',
        description: 'Signed at once with the shop’s Ed25519 key; its history starts with an `issued` event. Honours `Idempotency-Key`.',
        'x-problems': ['NotFound'],
        body: issueBody,
        response: { 201: passportDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await service.issuePassport(deps, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/passports',
    {
      schema: {
        tags,
        summary: 'The shop’s passports, newest first (or the one of a job)',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(passportSummary) }) },
      },
    },
    (req) => service.listPassports(deps, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/passports/draft',
    {
      schema: {
        tags,
        summary: 'What a passport issued from this job would say: prefilled from the job, with the photos its customer can see',
        'x-problems': ['NotFound'],
        querystring: draftQuery,
        response: { 200: draft },
      },
    },
    (req) => service.draftFor(deps, actorOf(req), req.query.jobId),
  );
  app.get(
    '/api/v1/passports/job-link',
    {
      schema: {
        tags,
        summary: 'The passport a job is linked to, if any, and what collecting the job adds to its history',
        'x-problems': ['NotFound'],
        querystring: draftQuery,
        response: { 200: jobLink },
      },
    },
    (req) => service.jobLink(deps, actorOf(req), req.query.jobId),
  );
  app.post(
    '/api/v1/passports/:id/jobs',
    {
      schema: {
        tags,
        summary: 'Link a job of the shop (any pipeline) to the passport: collecting it adds the event its pipeline declares',
        description:
          'A repair adds `repaired`, an appraisal `appraised` (its value shown only when the owner allows), signed and chained in the transaction of the move that collects it, once per job. A job already collected adds it now. Linking the same job again changes nothing; another shop’s passport or job is 404. Honours `Idempotency-Key`.',
        'x-problems': ['NotFound'],
        params: idParams,
        body: linkBody,
        response: { 201: passportDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await service.linkJob(deps, actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/passports/:id/jobs/:jobId',
    {
      schema: {
        tags,
        summary: 'Undo a link made in error, while the job has added nothing to the history',
        description: 'Once the job has added its event the link stays (422): the history is append-only.',
        'x-problems': ['NotFound', 'Invalid'],
        params: linkParams,
        response: { 200: passportDetail },
      },
    },
    (req) => service.unlinkJob(deps, actorOf(req), req.params.id, req.params.jobId),
  );
  app.get(
    '/api/v1/passports/:id',
    { schema: { tags, summary: 'A passport with its history, owners and verdict', params: idParams, response: { 200: passportDetail } } },
    (req) => service.getPassport(deps, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/passports/:id',
    {
      schema: {
        tags,
        summary: 'Public or private; whether appraised values show; the owner’s contact',
        params: idParams,
        body: patchBody,
        response: { 200: passportDetail },
      },
    },
    (req) => service.updatePassport(deps, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/passports/:id/events',
    {
      schema: {
        tags,
        summary: 'Add to the history: a repair, resize, stone replaced, service, appraisal, a loss or theft report, a recovery',
        description: 'Append-only and signed, each event carrying the hash of the one before. Honours `Idempotency-Key`.',
        params: idParams,
        body: eventBody,
        response: { 201: passportDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await service.addEvent(deps, actorOf(req), req.params.id, req.body)),
  );
  // `/transfer` is the contract's path (api-v1.md); `/transfer-code`, the one the staff app has always used.
  for (const url of ['/api/v1/passports/:id/transfer', '/api/v1/passports/:id/transfer-code'] as const) {
    app.post(
      url,
      {
        schema: {
          tags,
          summary: 'A one-time code for the owner to give the next owner, who claims the piece on /verify; replaces any open code',
          params: idParams,
          response: { 201: transferCode },
        },
      },
      async (req, reply) => reply.code(201).send(await service.createTransferCode(deps, actorOf(req), req.params.id)),
    );
  }
  app.get(
    '/api/v1/passports/:id/certificate.pdf',
    {
      schema: {
        tags,
        summary: 'The owner’s certificate: photos, specification, a QR code to /verify and the signed token',
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: pdfAnswer },
      },
    },
    async (req, reply) => sendPdf(reply, await certificatePdf(deps, actorOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/passports/:id/certificate-email',
    {
      schema: {
        tags,
        summary: 'E-mail the certificate (PDF attached) to the owner, through the outbox',
        description:
          'Queued at once and sent by the outbox sender on the shop’s e-mail (or kept in the preview log while the shop previews). One message per request: send an `Idempotency-Key` and a repeat answers the first. 422 when the owner’s contact is not an e-mail address.',
        'x-problems': ['NotFound', 'Invalid'],
        params: idParams,
        body: certificateEmailBody,
        response: { 202: certificateEmail },
      },
    },
    async (req, reply) => reply.code(202).send(await emailCertificate(deps, actorOf(req), req.params.id, req.body)),
  );
}

/** Every miss takes at least this long; an address may miss this often a minute (as /track). */
export const VERIFY_MISS_MIN_MS = 250;
const misses: BudgetRule = { name: 'verify-lookup', points: 30, windowSeconds: 60 };
const claims: BudgetRule = { name: 'verify-claim', points: 10, windowSeconds: 60 * 60 };
const tooMany = { title: 'Too many attempts', detail: 'Too many unsuccessful attempts from your connection; wait a while and try again.' };

export interface PublicVerifyOptions {
  /** Tests shorten the fixed time a miss takes. */
  missMinMs?: number;
}

/** Runs a lookup for an address: a miss keeps its point and takes the fixed minimum; a hit gives its point back. */
async function guarded<T>(budgets: Budgets, rule: BudgetRule, address: string, minMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  await budgets.take(rule, address, tooMany);
  try {
    const result = await work();
    await budgets.giveBack(rule, address);
    return result;
  } catch (err) {
    const kept = err instanceof DomainError && (err.code === 'not_found' || err.code === 'validation_failed');
    if (!kept) await budgets.giveBack(rule, address);
    const wait = minMs - (performance.now() - started);
    if (kept && wait > 0) await sleep(wait);
    throw err;
  }
}

const pageHeaders = (reply: FastifyReply, nonce: string, filesOrigin: string) =>
  reply
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; img-src 'self' ${filesOrigin} https: data:; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    .header('x-content-type-options', 'nosniff');

const formText = (body: unknown, name: string): string | undefined => {
  if (typeof body !== 'object' || body === null || !(name in body)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
};

const FORM_BODY_LIMIT = 8 * 1024;

const claimForm = z.object({
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(120),
  contact: z.string().trim().max(200).optional(),
});

/**
 * Anyone, with no session: `/verify` (look up by number, UUID or the QR's link), the claim of a
 * transfer, and the JWKS that checks every token without Loupe.
 */
export const publicVerify =
  (deps: AppDeps, opts: PublicVerifyOptions = {}) =>
  async (scope: FastifyInstance) => {
    const app: App = scope.withTypeProvider<ZodTypeProvider>();
    const budgets = new Budgets(deps.db);
    const minMs = opts.missMinMs ?? VERIFY_MISS_MIN_MS;
    const ownOrigins = [new URL(deps.config.publicUrl).origin];
    const filesOrigin = new URL(deps.config.publicUrl).origin;
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    app.addHook('onRequest', async (req, reply) => {
      reply.header('referrer-policy', 'same-origin').header('x-robots-tag', 'noindex');
      checkOrigin(req, ownOrigins);
    });
    const page = (reply: FastifyReply, flash?: PageOptions['flash']): PageOptions => {
      const nonce = randomBytes(12).toString('base64');
      pageHeaders(reply.header('cache-control', 'no-store'), nonce, filesOrigin);
      return { nonce, flash };
    };
    const problem = (reply: FastifyReply, err: unknown) => {
      if (err instanceof DomainError && err.code === 'rate_limited') {
        const retry = err.extra.retryAfterSeconds;
        if (typeof retry === 'number') reply.header('retry-after', String(retry));
        return reply.code(429).send(problemPage('Please wait a minute', err.detail ?? err.title, page(reply)));
      }
      if (err instanceof DomainError && err.code === 'not_found') {
        return reply.code(404).send(problemPage('We could not find that passport', err.detail ?? err.title, page(reply)));
      }
      throw err;
    };
    const show = async (req: { ip: string }, reply: FastifyReply, lookup: string, status: number, flash?: PageOptions['flash']) => {
      try {
        const view = await guarded(budgets, misses, req.ip, minMs, () => verifyView(deps, lookup));
        return reply.code(status).send(verifyPage(view, page(reply, flash)));
      } catch (err) {
        return problem(reply, err);
      }
    };

    app.get(
      '/.well-known/jwks.json',
      {
        schema: {
          tags,
          summary: 'The public keys that sign every shop’s passports (JWKS, Ed25519)',
          security: [],
          response: {
            200: z.object({ keys: z.array(z.object({ kty: z.string(), crv: z.string(), x: z.string(), kid: z.string(), alg: z.string(), use: z.string() })) }),
          },
        },
      },
      async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(await allPublicKeys(deps)),
    );

    app.get(
      '/api/v1/verify/:lookup',
      {
        schema: {
          tags,
          summary: 'A passport by number or UUID, as /verify shows it, with the verdict and its events in order, each signed',
          description:
            'The passport’s `token` and each event’s are compact JWS (EdDSA) checkable with `/.well-known/jwks.json`; each event’s `prev` is the base64url SHA-256 of the token before it (the first event’s, of the passport’s). A private passport answers only its number, issuer and verdict, and no events. Misses are 404 after the same time and count against the address like /verify.',
          security: [],
          params: z.object({ lookup: z.string().max(80) }),
          response: { 200: verifyAnswer },
        },
      },
      (req) => guarded(budgets, misses, req.ip, minMs, () => verifyRecord(deps, req.params.lookup)),
    );

    app.get('/verify', { schema: { hide: true, querystring: z.object({ q: z.string().max(200).optional().catch(undefined) }) } }, async (req, reply) => {
      const value = req.query.q?.trim();
      if (!value) return reply.send(lookupPage(page(reply)));
      try {
        const found = await guarded(budgets, misses, req.ip, minMs, () => locatePassport(deps, value));
        return reply.redirect(`/verify/${encodeURIComponent(found.number)}`, 303);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'not_found')
          return reply.code(404).send(lookupPage({ ...page(reply, { kind: 'error', text: err.detail ?? err.title }), value }));
        return problem(reply, err);
      }
    });

    app.get('/verify/:lookup', { schema: { hide: true, params: z.object({ lookup: z.string().max(80) }) } }, (req, reply) => {
      const done = (req.query as Record<string, string | undefined>).done;
      return show(req, reply, req.params.lookup, 200, done === 'claimed' ? { kind: 'notice', text: 'The piece is now recorded as yours.' } : undefined);
    });

    app.post('/verify/:lookup/claim', { schema: { hide: true, params: z.object({ lookup: z.string().max(80) }) } }, async (req, reply) => {
      const lookup = req.params.lookup;
      const input = claimForm.safeParse({
        code: formText(req.body, 'code'),
        name: formText(req.body, 'name'),
        contact: formText(req.body, 'contact') || undefined,
      });
      if (!input.success) return show(req, reply, lookup, 422, { kind: 'error', text: 'Enter the transfer code and your name.' });
      try {
        await guarded(budgets, claims, req.ip, minMs, async () => {
          const { shopId, id } = await locatePassport(deps, lookup);
          await service.claimTransfer(deps, shopId, id, { code: input.data.code, name: input.data.name, contact: input.data.contact ?? null });
        });
        return reply.redirect(`/verify/${encodeURIComponent(lookup)}?done=claimed`, 303);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'validation_failed')
          return show(req, reply, lookup, 422, { kind: 'error', text: err.detail ?? err.title });
        return problem(reply, err);
      }
    });
  };
