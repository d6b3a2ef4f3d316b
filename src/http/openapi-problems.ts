import type { SwaggerTransformObject } from '@fastify/swagger';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import type { ErrorCode } from '../domain/errors.js';
import { problemSchema, statusOf } from './problems.js';

/**
 * Routes declare only their successful answers; every failure is the same problem+json (http/problems.ts).
 * This writes those failures into the OpenAPI document, operation by operation, so an integrator reads
 * which statuses and codes an endpoint can answer without reading our error table (decision 0011).
 *
 * Most failures follow from what an operation takes (a body, a path id, a session); a route adds the
 * ones its shape does not show with `'x-problems'`, and documents a multipart body with
 * `'x-multipart-body'` (both read and removed here). The API tests check every answer against the
 * resulting document (testing/openapi-validator.ts), so a failure missing here fails a test.
 */

type Doc = Partial<OpenAPIV3_1.Document>;
type Operation = OpenAPIV3_1.OperationObject & { 'x-problems'?: readonly Failure[]; 'x-multipart-body'?: OpenAPIV3_1.MediaTypeObject };
type Method = (typeof methods)[number];

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Each failure once, in components.responses; operations point at them. A failure is a status and what
 * it means; its body is a Problem whose `status` is that status and whose `code` is one of the codes the
 * table in problems.ts gives that status (or the few named here). A new code in that table is documented
 * at once under its status; a new status needs a line here.
 */
const failures = {
  BadRequest: { status: 400, description: '`bad_request`: the body is not valid JSON (or not a readable multipart body)' },
  Unauthenticated: { status: 401, description: '`unauthenticated`: no valid session' },
  WrongCredentials: { status: 401, description: '`unauthenticated`: that e-mail and password are not a pair (the same answer for an unknown e-mail)' },
  Forbidden: {
    status: 403,
    description: '`forbidden`: your role may not do this, or a write came from another origin (a foreign page acting with your browser)',
  },
  CrossSite: { status: 403, description: '`forbidden`: a write from another origin (a foreign page acting with the visitor’s browser)' },
  NotFound: { status: 404, description: "`not_found`: no such record in your shop (another shop's record is not found either), or a malformed id" },
  TrackingMiss: {
    status: 404,
    description:
      '`not_found`: no piece matches (a wrong code, reference or verifier, or another shop’s piece); every miss is the same answer after the same time',
  },
  StageConflict: {
    status: 409,
    codes: ['stage_conflict', 'idempotency_in_progress'],
    description:
      '`stage_conflict`: the job is not in the stage this needs (for a move: neither `from` nor `to`); `currentStage` says which it is in. `idempotency_in_progress`: see `InProgress`',
  },
  EmailTaken: {
    status: 409,
    codes: ['email_taken', 'idempotency_in_progress'],
    description: '`email_taken`: an account with this e-mail address already exists. `idempotency_in_progress`: see `InProgress`',
  },
  MemoItemConflict: {
    status: 409,
    codes: ['memo_item_settled', 'memo_item_unavailable', 'idempotency_in_progress'],
    description:
      '`memo_item_settled`: the item was already settled another way (`currentStatus`). `memo_item_unavailable`: the item cannot be linked to this job (a consignment, settled, or linked to another job). `idempotency_in_progress`: see `InProgress`',
  },
  AlreadyConverted: {
    status: 409,
    codes: ['already_converted', 'idempotency_in_progress'],
    description: '`already_converted`: the enquiry was already made into a job, named in `job`. `idempotency_in_progress`: see `InProgress`',
  },
  LastOwner: {
    status: 409,
    codes: ['last_owner'],
    description: '`last_owner`: the shop would be left with no active owner; make someone else an owner first',
  },
  AlreadyVoided: {
    status: 409,
    codes: ['already_voided', 'idempotency_in_progress'],
    description: '`already_voided`: this payment was voided before (the first void stands). `idempotency_in_progress`: see `InProgress`',
  },
  InProgress: {
    status: 409,
    codes: ['idempotency_in_progress'],
    description:
      '`idempotency_in_progress`: the first request with this `Idempotency-Key` was still not answered after 15 s; `Retry-After` says when to ask again',
  },
  PayloadTooLarge: {
    status: 413,
    description: '`payload_too_large`: the body (or, for uploads, a file or the number of files) is more than this endpoint takes',
  },
  UnsupportedMediaType: {
    status: 415,
    description: '`unsupported_media_type`: the body (or, for uploads, a file judged by its bytes) is of a type this endpoint does not take',
  },
  Invalid: {
    status: 422,
    description:
      '`validation_failed` with `errors[]` naming each field (`refund_exceeds_paid`: a refund above what was paid; `idempotency_key_reused`: the `Idempotency-Key` came with another request)',
  },
  InvalidOrStage: {
    status: 422,
    description: "`validation_failed` with `errors[]` naming each field; `invalid_stage`: not one of the pipeline's stage words (`validStages` lists them)",
  },
  RateLimited: { status: 429, description: '`rate_limited`: too many requests; `Retry-After` (and `retryAfterSeconds`) say when to try again' },
  ServerBusy: { status: 503, description: '`server_busy`: the server’s queue for this work is full; `Retry-After` says when to try again' },
} satisfies Record<string, { status: number; description: string; codes?: readonly ErrorCode[] }>;
export type Failure = keyof typeof failures;

declare module 'fastify' {
  interface FastifySchema {
    /** Failures this route answers that its shape does not show (decision 0011), by name. */
    'x-problems'?: readonly Failure[];
    /** The multipart/form-data body of an upload route, which reads its body itself (so declares no `body`). */
    'x-multipart-body'?: OpenAPIV3_1.MediaTypeObject;
  }
}

const problemMedia = 'application/problem+json';
const retryAfter: Record<string, OpenAPIV3_1.HeaderObject> = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
};

function failureResponse(name: Failure): OpenAPIV3_1.ResponseObject {
  const f: { status: number; description: string; codes?: readonly ErrorCode[] } = failures[name];
  const codes = f.codes ?? (Object.keys(statusOf) as ErrorCode[]).filter((c) => statusOf[c] === f.status);
  if (codes.length === 0) throw new Error(`the failure ${name} (${f.status}) has no error code with that status in http/problems.ts`);
  const schema: OpenAPIV3_1.SchemaObject = {
    allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { status: { const: f.status }, code: { enum: [...codes] } } }],
  };
  return {
    description: f.description,
    ...(f.status === 429 || f.status === 503 || name === 'InProgress' ? { headers: retryAfter } : {}),
    content: { [problemMedia]: { schema } },
  };
}

const to = (name: Failure) => ({ $ref: `#/components/responses/${name}` });

const unsafe = (method: Method) => method !== 'get';

/** Staff writes with a JSON body honour `Idempotency-Key` (modules/idempotency). */
const takesIdempotencyKey = (method: Method, op: Operation) =>
  method === 'post' && op.requestBody !== undefined && op['x-multipart-body'] === undefined && !(Array.isArray(op.security) && op.security.length === 0);

const idempotencyKeyHeader: OpenAPIV3_1.ParameterObject = {
  in: 'header',
  name: 'Idempotency-Key',
  required: false,
  description:
    'Any unique string (a UUID per form submission): a repeat with the same key and request within 24 hours answers the first result (with `Idempotent-Replayed: true`) and changes nothing; the key with a different request is 422 `idempotency_key_reused`',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

/** The failures an operation can answer, from what it takes: a path id, a body, a session; and what its route adds. */
export function problemResponses(path: string, method: Method, op: Operation): Record<string, { $ref: string }> {
  const out: Record<string, { $ref: string }> = {};
  const takesBody = op.requestBody !== undefined || op['x-multipart-body'] !== undefined;
  const query = (op.parameters ?? []).filter((p) => 'in' in p && p.in === 'query');
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  const movesStage = path.endsWith('/stage') || query.some((p) => 'name' in p && p.name === 'stage');
  const upload = op['x-multipart-body'] !== undefined;
  if (takesBody) out['400'] = to('BadRequest');
  if (!isPublic) out['401'] = to('Unauthenticated');
  if (!isPublic && unsafe(method)) out['403'] = to('Forbidden');
  // The customer's pages write without a session, and refuse a write from another origin all the same.
  if (isPublic && unsafe(method) && path.startsWith('/api/v1/track')) out['403'] = to('CrossSite');
  // A path id names a record; the customer's doors answer every miss (a wrong code, reference or verifier) the same 404.
  if (path.startsWith('/api/v1/track')) out['404'] = to('TrackingMiss');
  else if (path.includes('{')) out['404'] = to('NotFound');
  if (takesIdempotencyKey(method, op)) out['409'] = to('InProgress');
  if (path.endsWith('/stage')) out['409'] = to('StageConflict');
  if (takesBody) out['413'] = to('PayloadTooLarge');
  if (takesBody) out['415'] = to('UnsupportedMediaType');
  if (takesBody || query.length > 0) out['422'] = to(movesStage || upload ? 'InvalidOrStage' : 'Invalid');
  // The limited doors: signing up and in, uploading, the live stream and the customer's tracking pages.
  const signsIn = method === 'post' && (path === '/api/v1/session' || path === '/api/v1/shops');
  const limited = signsIn || upload || path === '/api/v1/events' || path.startsWith('/api/v1/track');
  if (limited) out['429'] = to('RateLimited');
  // Uploads wait in the media queue, which can be full.
  if (upload) out['503'] = to('ServerBusy');
  for (const name of op['x-problems'] ?? []) out[String(failures[name].status)] = to(name);
  return out;
}

/** The `transformObject` hook of @fastify/swagger: adds the Problem schema and every operation's failures. */
export const withProblemResponses: SwaggerTransformObject = (doc) => ('openapiObject' in doc ? addProblems(doc.openapiObject as Doc) : doc.swaggerObject);

function addProblems(openapiObject: Doc): Doc {
  const { $schema: _, ...problem } = z.toJSONSchema(problemSchema, { target: 'draft-2020-12' }) as OpenAPIV3_1.SchemaObject & { $schema?: string };
  const schemas = { ...openapiObject.components?.schemas, Problem: problem };
  const paths: OpenAPIV3_1.PathsObject = {};
  for (const [path, item] of Object.entries(openapiObject.paths ?? {})) {
    if (!item) continue;
    const next: Record<string, unknown> = { ...item };
    for (const method of methods) {
      const op: Operation | undefined = item[method];
      if (!op) continue;
      const { 'x-problems': _problems, 'x-multipart-body': multipart, ...rest } = op;
      // A route that takes JSON or multipart (the public enquiry) keeps its JSON body beside the multipart one.
      const json = rest.requestBody && 'content' in rest.requestBody ? rest.requestBody.content : {};
      const requestBody: OpenAPIV3_1.RequestBodyObject | undefined = multipart
        ? { required: true, content: { ...json, 'multipart/form-data': multipart } }
        : undefined;
      const responses: OpenAPIV3_1.ResponsesObject = sortedByStatus({ ...problemResponses(path, method, op), ...op.responses });
      const parameters = takesIdempotencyKey(method, op) ? [...(rest.parameters ?? []), idempotencyKeyHeader] : rest.parameters;
      next[method] = { ...rest, ...(parameters ? { parameters } : {}), ...(requestBody ? { requestBody } : {}), responses };
    }
    paths[path] = next as OpenAPIV3_1.PathItemObject;
  }
  const responses = Object.fromEntries((Object.keys(failures) as Failure[]).map((name) => [name, failureResponse(name)]));
  return { ...openapiObject, components: { ...openapiObject.components, schemas, responses: { ...openapiObject.components?.responses, ...responses } }, paths };
}

const sortedByStatus = <T>(r: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));

/** A 204: documented without content (`undefined` is written as a `null` schema, which becomes a response with no body). */
export const noContent = z.undefined().describe('No content');
/** A 304 to a conditional GET: the `ETag` sent in `If-None-Match` is still current; no body. */
export const notModified = z.undefined().describe('Not modified: the `ETag` sent in `If-None-Match` is still current');
/** A body that is a file, not JSON: with `produces: [...its media types]` on the route. */
export const fileBytes = z.string().meta({ format: 'binary', description: 'The file’s bytes' });
/** A server-sent event stream (`produces: ['text/event-stream']`): open until the client or the server ends it. */
export const eventStream = z.string().describe('`event: job` with `data: {"kind","id"}` for each job that changes; comments as heartbeats');
/** The one file field of an upload's multipart body. */
export const filePart = { type: 'string', format: 'binary' } as const;
