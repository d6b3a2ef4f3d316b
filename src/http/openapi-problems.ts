import type { SwaggerTransformObject } from '@fastify/swagger';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import type { ErrorCode } from '../domain/errors.js';
import { statusOf } from './problems.js';

/**
 * Routes declare only their successful answers; every failure is the same problem+json (http/problems.ts).
 * This writes those failures into the OpenAPI document, operation by operation, so an integrator reads
 * which statuses and codes an endpoint can answer without reading our error table.
 */

type Doc = Partial<OpenAPIV3_1.Document>;
type Operation = OpenAPIV3_1.OperationObject;

const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(Object.keys(statusOf) as [ErrorCode, ...ErrorCode[]]),
  instance: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
const answer = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** Each failure once, in components.responses; operations point at them. */
const failures = {
  BadRequest: answer('`bad_request`: the body is not valid JSON'),
  Unauthenticated: answer('`unauthenticated`: no valid session'),
  Forbidden: answer('`forbidden`: your role may not do this; `csrf_rejected`: a cookie-authenticated write from another origin'),
  NotFound: answer("`not_found`: no such record in your shop (another shop's record is not found either)"),
  StageConflict: answer('`stage_conflict`: `from` is not the stage the job is in now; `currentStage` says which it is'),
  PayloadTooLarge: answer('`payload_too_large`: the body is larger than this endpoint accepts'),
  UnsupportedMediaType: answer('`unsupported_media_type`: the body (or, for uploads, the file judged by its bytes) is of a type this endpoint does not take'),
  Invalid: answer('`validation_failed` with `errors[]` naming each field'),
  InvalidOrStage: answer("`validation_failed` with `errors[]` naming each field; `invalid_stage`: not one of the pipeline's stage words"),
  RateLimited: answer('`rate_limited`: too many requests; `Retry-After` says when to try again'),
};
type Failure = keyof typeof failures;
const to = (name: Failure) => ({ $ref: `#/components/responses/${name}` });

/** The failures an operation can answer, from what it takes: a path id, a body, a session. */
export function problemResponses(path: string, method: (typeof methods)[number], op: Operation): Record<string, { $ref: string }> {
  const out: Record<string, { $ref: string }> = {};
  const hasBody = op.requestBody !== undefined;
  const query = (op.parameters ?? []).filter((p) => 'in' in p && p.in === 'query');
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  const movesStage = path.endsWith('/stage') || query.some((p) => 'name' in p && p.name === 'stage');
  // Multipart uploads declare no JSON body, but are refused for size, type and broken files all the same.
  const upload = method === 'post' && path.endsWith('/attachments');
  const takesBody = hasBody || upload;
  if (hasBody) out['400'] = to('BadRequest');
  if (!isPublic) out['401'] = to('Unauthenticated');
  if (!isPublic && method !== 'get') out['403'] = to('Forbidden');
  if (path.includes('{')) out['404'] = to('NotFound');
  if (path.endsWith('/stage')) out['409'] = to('StageConflict');
  if (takesBody) out['413'] = to('PayloadTooLarge');
  if (takesBody) out['415'] = to('UnsupportedMediaType');
  if (takesBody || query.length > 0) out['422'] = to(movesStage ? 'InvalidOrStage' : 'Invalid');
  // The limited doors: signing in, uploading, and the customer's tracking pages.
  if ((method === 'post' && path === '/api/v1/session') || upload || path.startsWith('/api/v1/track')) out['429'] = to('RateLimited');
  return out;
}

/** The `transformObject` hook of @fastify/swagger: adds the Problem schema and every operation's failures. */
export const withProblemResponses: SwaggerTransformObject = (doc) => ('openapiObject' in doc ? addProblems(doc.openapiObject as Doc) : doc.swaggerObject);

function addProblems(openapiObject: Doc): Doc {
  const schemas = { ...openapiObject.components?.schemas, Problem: z.toJSONSchema(problem, { target: 'draft-2020-12' }) as OpenAPIV3_1.SchemaObject };
  const paths: OpenAPIV3_1.PathsObject = {};
  for (const [path, item] of Object.entries(openapiObject.paths ?? {})) {
    if (!item) continue;
    const next: OpenAPIV3_1.PathItemObject = { ...item };
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      next[method] = { ...op, responses: { ...problemResponses(path, method, op), ...op.responses } };
    }
    paths[path] = next;
  }
  return { ...openapiObject, components: { ...openapiObject.components, schemas, responses: { ...openapiObject.components?.responses, ...failures } }, paths };
}
