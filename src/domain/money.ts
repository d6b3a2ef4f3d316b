export type PaymentKind = 'deposit' | 'payment' | 'refund';

export interface PaymentLike {
  kind: PaymentKind;
  amountCents: number;
}

export interface Financials {
  quotedCents: number | null;
  finalCents: number | null;
  depositCents: number;
  paidCents: number;
  refundedCents: number;
  balanceOwingCents: number;
}

export interface PaymentTotals {
  depositCents: number;
  paidCents: number;
  refundedCents: number;
}

export function totalsOf(payments: readonly PaymentLike[]): PaymentTotals {
  let depositCents = 0;
  let received = 0;
  let refundedCents = 0;
  for (const p of payments) {
    if (p.kind === 'refund') refundedCents += p.amountCents;
    else received += p.amountCents;
    if (p.kind === 'deposit') depositCents += p.amountCents;
  }
  return { depositCents, paidCents: received - refundedCents, refundedCents };
}

/** The price the customer owes: the final price once set, else the quote. */
export function priceOf(quotedCents: number | null, finalCents: number | null): number {
  return finalCents ?? quotedCents ?? 0;
}

export function financialsOf(quotedCents: number | null, finalCents: number | null, totals: PaymentTotals): Financials {
  return {
    quotedCents,
    finalCents,
    ...totals,
    balanceOwingCents: priceOf(quotedCents, finalCents) - totals.paidCents,
  };
}

/**
 * What a job's balance means at the counter: the customer owes it, it is settled, or they have paid more
 * than the price (owed back to them). On a cancelled job nothing is owed: what they paid, less refunds,
 * is held for them until refunded or kept as the shop's terms allow.
 */
export type BalanceStanding =
  | { kind: 'owing'; cents: number }
  | { kind: 'settled'; cents: 0 }
  | { kind: 'credit'; cents: number }
  | { kind: 'cancelled'; cents: number };

export function balanceStanding(f: Pick<Financials, 'balanceOwingCents' | 'paidCents'>, cancelled: boolean): BalanceStanding {
  if (cancelled) return { kind: 'cancelled', cents: Math.max(0, f.paidCents) };
  if (f.balanceOwingCents > 0) return { kind: 'owing', cents: f.balanceOwingCents };
  if (f.balanceOwingCents < 0) return { kind: 'credit', cents: -f.balanceOwingCents };
  return { kind: 'settled', cents: 0 };
}

/** A refund can give back at most what has been paid. */
export function refundAllowed(totals: PaymentTotals, refundCents: number): boolean {
  return refundCents <= totals.paidCents;
}

/** Largest amount we accept in minor units: ten billion major units, well inside a safe integer. */
export const MAX_MONEY_CENTS = 1_000_000_000_000;

/**
 * Money taken on one job stays within the largest amount, so every total it shows (deposits, paid,
 * refunded) is one too. A refund is bounded by what was paid (`refundAllowed`) and adds nothing here.
 */
export function paymentAllowed(totals: PaymentTotals, kind: PaymentKind, amountCents: number): boolean {
  return kind === 'refund' || totals.paidCents + totals.refundedCents + amountCents <= MAX_MONEY_CENTS;
}

export function formatMoney(cents: number, currency: string, locale: string): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 10 ** digits);
}
