import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'loupe_session';
export const SESSION_DAYS = 30;

/** A fresh secret for the cookie and the hash the database keeps of it. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
