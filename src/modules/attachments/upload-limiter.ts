import type { BudgetRule, Budgets } from '../limits/budgets.js';

export interface UploadLimits {
  /** Files one signed-in session may upload per window. */
  perSession: number;
  /** Files one shop may upload per window, all its staff together. */
  perShop: number;
  windowSeconds: number;
}

export const defaultUploadLimits: UploadLimits = { perSession: 60, perShop: 300, windowSeconds: 5 * 60 };

const tooMany = { title: 'Too many uploads', detail: 'Too many files uploaded in a short time; wait a few minutes and try again.' };

/**
 * Upload throttling, counted in files. Image processing is the costly part, so a request is refused
 * before its body is read once the budget is spent. The counts live in PostgreSQL, so a shop's
 * allowance is one allowance however many Loupe processes its staff reach.
 */
export class UploadLimiter {
  private readonly perSession: BudgetRule;
  private readonly perShop: BudgetRule;

  constructor(
    private readonly budgets: Budgets,
    readonly limits: UploadLimits = defaultUploadLimits,
  ) {
    this.perSession = { name: 'upload-session', points: limits.perSession, windowSeconds: limits.windowSeconds };
    this.perShop = { name: 'upload-shop', points: limits.perShop, windowSeconds: limits.windowSeconds };
  }

  /** Takes `files` from the session's budget, then the shop's, or refuses with `rate_limited`. */
  async take(shopId: string, sessionKey: string, files: number): Promise<void> {
    await this.budgets.take(this.perSession, sessionKey, tooMany, files);
    await this.budgets.take(this.perShop, shopId, tooMany, files);
  }
}
