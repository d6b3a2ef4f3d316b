import type { Actor } from '../../domain/actor.js';

/**
 * Remembers who is behind a session for a few seconds, so a burst of requests (a board of drags)
 * asks the database once. Signing out here forgets at once; a session revoked by another process
 * lives on here for at most `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 10_000,
  ) {}

  get(sessionId: string, now: number): Actor | undefined {
    const hit = this.entries.get(sessionId);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return hit.actor;
  }

  set(sessionId: string, actor: Actor, now: number, sessionExpiresAt: number): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(sessionId, { actor, until: Math.min(now + this.ttlMs, sessionExpiresAt) });
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }
}

export const sessionCache = new SessionCache();
