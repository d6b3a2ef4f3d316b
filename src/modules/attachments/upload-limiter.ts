import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../domain/errors.js';

export interface UploadLimits {
  /** Files one signed-in session may upload per window. */
  perSession: number;
  /** Files one shop may upload per window, all its staff together. */
  perShop: number;
  windowSeconds: number;
}

export const defaultUploadLimits: UploadLimits = { perSession: 60, perShop: 300, windowSeconds: 5 * 60 };

/**
 * Upload throttling, counted in files. Image processing is the costly part, so a request is refused
 * before its body is read once the budget is spent. Held in this process, like sign-in throttling.
 */
export class UploadLimiter {
  private readonly perSession: RateLimiterMemory;
  private readonly perShop: RateLimiterMemory;

  constructor(readonly limits: UploadLimits = defaultUploadLimits) {
    this.perSession = new RateLimiterMemory({ keyPrefix: 'upload-session', points: limits.perSession, duration: limits.windowSeconds });
    this.perShop = new RateLimiterMemory({ keyPrefix: 'upload-shop', points: limits.perShop, duration: limits.windowSeconds });
  }

  /** Takes `files` from both budgets, or refuses (and takes nothing more) when either is spent. */
  async take(shopId: string, sessionKey: string, files: number): Promise<void> {
    try {
      await this.perSession.consume(sessionKey, files);
      await this.perShop.consume(shopId, files);
    } catch (res) {
      const ms = res instanceof RateLimiterRes ? res.msBeforeNext : this.limits.windowSeconds * 1000;
      throw new DomainError('rate_limited', 'Too many uploads', 'Too many files uploaded in a short time; wait a few minutes and try again.', {
        retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)),
      });
    }
  }
}
