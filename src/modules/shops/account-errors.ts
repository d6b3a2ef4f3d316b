import { DomainError } from '../../domain/errors.js';

export const emailTaken = () =>
  new DomainError('email_taken', 'E-mail already registered', 'An account with this e-mail address already exists', {
    errors: [{ path: 'email', message: 'Already registered' }],
  });

export const isUniqueViolation = (err: unknown) =>
  typeof err === 'object' && err !== null && 'cause' in err && (err.cause as { code?: string } | undefined)?.code === '23505';
