import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, type ErrorCode, type FieldError } from '../domain/errors.js';

/** The one table from error codes to HTTP statuses. */
export const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  invalid_stage: 422,
  refund_exceeds_paid: 422,
  already_voided: 409,
  stage_conflict: 409,
  email_taken: 409,
  last_owner: 409,
  already_converted: 409,
  memo_item_settled: 409,
  memo_item_unavailable: 409,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  not_found: 404,
  unauthenticated: 401,
  forbidden: 403,
  csrf_rejected: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  server_busy: 503,
  internal_error: 500,
};

/**
 * The problem+json body (RFC 9457), as documented in the OpenAPI (`components.schemas.Problem`).
 * Besides the standard members and `code`, a problem may carry the extra members below, and no
 * others: an answer with an undeclared member fails the API tests' OpenAPI check, so a new one is
 * declared here first.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.enum(Object.keys(statusOf) as [ErrorCode, ...ErrorCode[]]),
    instance: z.string(),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('`validation_failed` (and other 422s, `email_taken`): each field refused and why'),
    currentStage: z.string().optional().describe('`stage_conflict`: the stage the job is in now'),
    validStages: z.array(z.string()).optional().describe("`invalid_stage`: the pipeline's stage words"),
    retryAfterSeconds: z.number().int().min(1).optional().describe('`rate_limited` (and 503s): when to try again; also sent as `Retry-After`'),
    limitBytes: z.number().int().optional().describe('`payload_too_large` on uploads: the largest file taken, in bytes'),
    maxFiles: z.number().int().optional().describe('`payload_too_large` on uploads: the most files taken in one request'),
    currentStatus: z.string().optional().describe('`memo_item_settled`: how the memo item was already settled'),
    job: z
      .object({ kind: z.string(), id: z.string(), reference: z.string() })
      .optional()
      .describe('`already_converted`: the job the enquiry became the first time'),
  })
  .meta({ title: 'Problem', description: 'An error: RFC 9457 problem details with a stable machine-readable `code`' });

export type Problem = z.infer<typeof problemSchema> & { [extra: string]: unknown };

export function problemOf(err: DomainError, req: FastifyRequest): Problem {
  return {
    ...err.extra,
    type: `/problems/${err.code}`,
    title: err.title,
    status: statusOf[err.code],
    detail: err.detail ?? err.title,
    code: err.code,
    instance: req.url,
    requestId: req.id,
  };
}

export function sendProblem(reply: FastifyReply, err: DomainError) {
  const problem = problemOf(err, reply.request);
  if (typeof err.extra.retryAfterSeconds === 'number') {
    reply.header('retry-after', String(err.extra.retryAfterSeconds));
  }
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** Turns anything thrown while handling a request into a problem; nothing internal leaks out. */
export function toDomainError(err: unknown, req: FastifyRequest): DomainError {
  if (err instanceof DomainError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    // A malformed id in the path names no resource: the answer is the same as for a missing one.
    if (err.validationContext === 'params') return new DomainError('not_found', 'Not found', 'No such resource');
    const errors = err.validation.flatMap((v): FieldError[] => {
      const at = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = v.keyword === 'unrecognized_keys' ? v.params.keys : undefined;
      if (Array.isArray(keys)) return keys.map((k) => ({ path: at ? `${at}.${String(k)}` : String(k), message: unknownFieldMessage(String(k)) }));
      return [{ path: at || (err.validationContext ?? 'body'), message: v.message ?? 'Invalid' }];
    });
    const where = err.validationContext === 'querystring' ? 'query string' : (err.validationContext ?? 'request');
    return new DomainError('validation_failed', 'Validation failed', `The ${where} has ${errors.length} invalid field(s)`, { errors });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err }, 'response did not match its schema');
    return new DomainError('internal_error', 'Internal error', 'Something went wrong on our side; it has been logged.');
  }
  const fe = err as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) return new DomainError('payload_too_large', 'Payload too large', 'The request body is larger than this endpoint accepts');
  if (status === 415) return new DomainError('unsupported_media_type', 'Unsupported media type', fe.message ?? 'Unsupported content type');
  if (status === 429) return new DomainError('rate_limited', 'Too many requests', 'Too many requests; wait a moment and try again');
  if (status === 404) return new DomainError('not_found', 'Not found', 'No such resource');
  if (status >= 400 && status < 500) {
    const detail =
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.name === 'SyntaxError' ? 'The request body is not valid JSON' : (fe.message ?? 'Bad request');
    return new DomainError('bad_request', 'Bad request', detail);
  }
  const sqlState = sqlStateOf(err);
  // Input the schemas let through but the database's own rules refuse: the caller's fault, not ours.
  if (sqlState && /^(22|23)/.test(sqlState)) {
    req.log.warn({ err }, 'database refused input');
    return new DomainError('validation_failed', 'Validation failed', 'The database refused this change as inconsistent', { errors: [] });
  }
  req.log.error({ err }, 'unhandled error');
  return new DomainError('internal_error', 'Internal error', 'Something went wrong on our side; it has been logged.');
}

function sqlStateOf(err: unknown): string | undefined {
  const code = (e: unknown) => (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined);
  const cause = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
  const c = code(cause) ?? code(err);
  return c && /^[0-9A-Z]{5}$/.test(c) ? c : undefined;
}

function unknownFieldMessage(key: string): string {
  return key === 'stage' ? 'The stage is not edited here; move the job with POST .../stage' : 'Not a field this request accepts';
}
