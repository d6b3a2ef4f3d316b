/** Stable, machine-readable error words; the HTTP layer maps each to a status in one table. */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'invalid_stage'
  | 'stage_conflict'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'server_busy'
  | 'email_taken'
  | 'last_owner'
  | 'idempotency_key_reused'
  | 'idempotency_in_progress'
  | 'refund_exceeds_paid'
  | 'already_converted'
  | 'already_voided'
  | 'memo_item_settled'
  | 'memo_item_unavailable'
  | 'csrf_rejected'
  | 'internal_error';

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', 'Not found', `${what} was not found`);

export const invalidField = (path: string, message: string) =>
  new DomainError('validation_failed', 'Validation failed', message, { errors: [{ path, message }] });
