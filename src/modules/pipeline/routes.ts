import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../domain/actor.js';
import { actorOf } from '../../http/auth.js';
import { sendConditional } from '../../http/conditional.js';
import { noContent } from '../../http/openapi-problems.js';
import { idParams, id as uuidParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import type { BoardQuery, ListQuery } from './jobs.js';
import {
  boardOf,
  comment,
  commentBody,
  financials,
  firstScreenOf,
  firstScreenQuery,
  type MoveBody,
  moveBody,
  type PaymentBody,
  payment,
  paymentBody,
  readyMessageNotice,
  stageWord,
  type VoidBody,
  voidBody,
} from './schemas.js';

type Deps = AppDeps;
/** What creating a job reads: the database, the clock, the public address its links use, and the hooks its first stage runs. */
export type CreateDeps = Pick<AppDeps, 'db' | 'clock' | 'jobHooks'> & { config: { publicUrl: string } };

// Each pipeline brings its own schemas; Fastify sees them as plain route schemas, Zod validates and strips.
const erase = (schema: FastifySchema): FastifySchema => schema;

/** What one pipeline's HTTP surface needs: its words, its schemas and its use-cases. */
export interface JobRoutesSpec<C extends z.ZodType, P extends z.ZodType, J extends z.ZodObject> {
  path: string;
  tag: string;
  /** "bespoke job", "repair": used in summaries. */
  noun: string;
  createSummary: string;
  create: C;
  patch: P;
  job: J;
  /** Properties, not methods: a method's parameters are checked both ways, and a use-case needing more deps than given slipped through. */
  useCases: {
    createJob: (deps: Deps, actor: Actor, input: z.output<C>) => Promise<unknown>;
    /** The same inside the caller's tenant transaction. */
    createJobIn: (tx: Tx, deps: CreateDeps, actor: Actor, input: z.output<C>) => Promise<{ id: string; reference: string }>;
    listJobs: (deps: Deps, actor: Actor, query: ListQuery) => Promise<unknown>;
    boardJobs: (deps: Deps, actor: Actor, query: BoardQuery) => Promise<{ etag: string; body: string | null }>;
    boardFirstScreen: (deps: Deps, actor: Actor, query: { per: number; ifNoneMatch?: string | undefined }) => Promise<{ etag: string; body: string | null }>;
    getJob: (deps: Deps, actor: Actor, id: string) => Promise<unknown>;
    updateJob: (deps: Deps, actor: Actor, id: string, input: z.output<P>) => Promise<unknown>;
    moveJob: (deps: Deps, actor: Actor, id: string, input: MoveBody) => Promise<unknown>;
    addComment: (deps: Deps, actor: Actor, id: string, body: string) => Promise<unknown>;
    recordPayment: (deps: Deps, actor: Actor, id: string, input: PaymentBody) => Promise<unknown>;
    voidPayment: (deps: Deps, actor: Actor, id: string, paymentId: string, input: VoidBody) => Promise<unknown>;
  };
}

const paymentParams = z.object({ id: uuidParam, paymentId: uuidParam });

export const boardQuery = z.object({ archived: z.enum(['true', 'false', '1', '0']).optional() });

export const listQuery = z.object({
  archived: z.enum(['true', 'false', '1', '0']).optional(),
  // Checked by the pipeline, so anything but one of its words (a repeated `stage=` too) answers `invalid_stage` like a move does.
  stage: stageWord,
  q: z.string().trim().max(200).optional(),
});

/**
 * Registers one pipeline's routes: the same seven endpoints for every pipeline, under its own path.
 * The Zod validator has checked each request against the schema named beside it before a handler
 * runs, so the handlers read the parsed values with the schema's output types.
 */
export function jobRoutes<C extends z.ZodType, P extends z.ZodType, J extends z.ZodObject>(
  typed: App,
  deps: Deps,
  spec: JobRoutesSpec<C, P, J>,
  detail: z.ZodObject,
  card: z.ZodObject,
) {
  const app = typed as unknown as FastifyInstance;
  const tags = [spec.tag];
  const { path, useCases: u } = spec;
  const id = (req: FastifyRequest) => (req.params as z.output<typeof idParams>).id;

  app.post(path, { schema: erase({ tags, summary: spec.createSummary, body: spec.create, response: { 201: spec.job } }) }, async (req, reply) =>
    reply.code(201).send(await u.createJob(deps, actorOf(req), req.body as z.output<C>)),
  );
  app.get(
    path,
    {
      schema: erase({
        tags,
        summary: `${spec.tag} (active unless archived=true)`,
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(spec.job) }) },
      }),
    },
    async (req, reply) => reply.send(await u.listJobs(deps, actorOf(req), req.query as ListQuery)),
  );
  app.get(
    `${path}/board`,
    {
      schema: erase({
        tags,
        summary: `The board's cards: what a card shows of each ${spec.noun} (active unless archived=true)`,
        description:
          'Answers with an `ETag` that changes whenever anything a card shows changes in the shop (a move, an edit, a payment or void, a photo, a customer’s name). Send it back as `If-None-Match` to get a 304 with no body while the board is as you have it.',
        querystring: boardQuery,
        response: { 200: boardOf(card), 304: noContent.describe('Not modified: the board is as the ETag sent in If-None-Match says') },
      }),
    },
    async (req, reply) =>
      sendConditional(
        reply,
        await u.boardJobs(deps, actorOf(req), { ...(req.query as z.output<typeof boardQuery>), ifNoneMatch: req.headers['if-none-match'] }),
      ),
  );
  app.get(
    `${path}/board/first-screen`,
    {
      schema: erase({
        tags,
        summary: `The board's first screen: each column's count and money, and its first cards of ${spec.noun}s`,
        description: 'Answers with an `ETag` like the board’s: send it back as `If-None-Match` to get a 304 while nothing on the board has changed.',
        querystring: firstScreenQuery,
        response: { 200: firstScreenOf(card), 304: noContent.describe('Not modified: the board is as the ETag sent in If-None-Match says') },
      }),
    },
    async (req, reply) =>
      sendConditional(
        reply,
        await u.boardFirstScreen(deps, actorOf(req), { ...(req.query as z.output<typeof firstScreenQuery>), ifNoneMatch: req.headers['if-none-match'] }),
      ),
  );
  app.get(
    `${path}/:id`,
    { schema: erase({ tags, summary: `A ${spec.noun} with its history, money, comments and messages`, params: idParams, response: { 200: detail } }) },
    async (req, reply) => reply.send(await u.getJob(deps, actorOf(req), id(req))),
  );
  app.patch(
    `${path}/:id`,
    {
      schema: erase({ tags, summary: `Edit a ${spec.noun} (not its stage); last write wins`, params: idParams, body: spec.patch, response: { 200: spec.job } }),
    },
    async (req, reply) => reply.send(await u.updateJob(deps, actorOf(req), id(req), req.body as z.output<P>)),
  );
  app.post(
    `${path}/:id/stage`,
    {
      schema: erase({
        tags,
        summary: `Move a ${spec.noun} to another stage`,
        params: idParams,
        body: moveBody,
        response: { 200: z.object({ job: spec.job, moved: z.boolean(), readyMessage: readyMessageNotice }) },
      }),
    },
    async (req, reply) => reply.send(await u.moveJob(deps, actorOf(req), id(req), req.body as MoveBody)),
  );
  app.post(
    `${path}/:id/comments`,
    { schema: erase({ tags, summary: `Comment on a ${spec.noun}`, params: idParams, body: commentBody, response: { 201: comment } }) },
    async (req, reply) => reply.code(201).send(await u.addComment(deps, actorOf(req), id(req), (req.body as z.output<typeof commentBody>).body)),
  );
  app.post(
    `${path}/:id/payments`,
    {
      schema: erase({
        tags,
        summary: 'Record a deposit, payment or refund',
        params: idParams,
        body: paymentBody,
        response: { 201: payment.extend({ financials }) },
      }),
    },
    async (req, reply) => reply.code(201).send(await u.recordPayment(deps, actorOf(req), id(req), req.body as PaymentBody)),
  );
  app.post(
    `${path}/:id/payments/:paymentId/void`,
    {
      schema: erase({
        tags,
        summary: 'Void a payment taken in error (owners and managers): it stays listed, marked, and stops counting',
        params: paymentParams,
        'x-problems': ['AlreadyVoided'],
        body: voidBody,
        response: { 200: payment.extend({ financials }) },
      }),
    },
    async (req, reply) => {
      const params = req.params as z.output<typeof paymentParams>;
      return reply.send(await u.voidPayment(deps, actorOf(req), params.id, params.paymentId, req.body as VoidBody));
    },
  );
}
