import { describe, expect, it } from 'vitest';
import { balanceStanding, financialsOf, formatMoney, MAX_MONEY_CENTS, paymentAllowed, priceOf, refundAllowed, totalsOf } from './money.js';

describe('payment totals', () => {
  it('sums deposits, payments and refunds the way the contract says', () => {
    const totals = totalsOf([
      { kind: 'deposit', amountCents: 50_000 },
      { kind: 'deposit', amountCents: 10_000 },
      { kind: 'payment', amountCents: 30_000 },
      { kind: 'refund', amountCents: 5_000 },
    ]);
    expect(totals).toEqual({ depositCents: 60_000, paidCents: 85_000, refundedCents: 5_000 });
  });

  it('is all zeros with no payments', () => {
    expect(totalsOf([])).toEqual({ depositCents: 0, paidCents: 0, refundedCents: 0 });
  });
});

describe('balance owing', () => {
  const paid = { depositCents: 100, paidCents: 100, refundedCents: 0 };
  it('is the final price less what was paid, once a final price is set', () => {
    expect(financialsOf(1_000, 1_200, paid).balanceOwingCents).toBe(1_100);
  });
  it('is the quote less what was paid before that', () => {
    expect(financialsOf(1_000, null, paid).balanceOwingCents).toBe(900);
  });
  it('is negative when the customer paid more than the price (a credit)', () => {
    expect(financialsOf(50, null, paid).balanceOwingCents).toBe(-50);
  });
  it('treats no price at all as zero', () => {
    expect(priceOf(null, null)).toBe(0);
    expect(financialsOf(null, null, paid)).toEqual({
      quotedCents: null,
      finalCents: null,
      depositCents: 100,
      paidCents: 100,
      refundedCents: 0,
      balanceOwingCents: -100,
    });
  });
  it('honours a final price of zero (a goodwill remake)', () => {
    expect(priceOf(1_000, 0)).toBe(0);
  });
});

describe('refunds', () => {
  it('may give back at most what was paid', () => {
    const t = { depositCents: 500, paidCents: 500, refundedCents: 0 };
    expect(refundAllowed(t, 500)).toBe(true);
    expect(refundAllowed(t, 501)).toBe(false);
  });
});

describe('the most one job can take', () => {
  it('keeps everything received on a job, refunded or not, within the largest amount', () => {
    const t = totalsOf([
      { kind: 'deposit', amountCents: MAX_MONEY_CENTS - 1_000 },
      { kind: 'refund', amountCents: 400 },
    ]);
    expect(paymentAllowed(t, 'payment', 1_000)).toBe(true);
    expect(paymentAllowed(t, 'deposit', 1_001)).toBe(false);
    // Money given back does not make room to take more: the refunds still count in the totals shown.
    expect(paymentAllowed(t, 'payment', 1_400)).toBe(false);
    expect(paymentAllowed(t, 'refund', 400)).toBe(true);
  });
});

describe('formatting', () => {
  it('formats minor units in the currency and locale of the shop', () => {
    expect(formatMoney(123_456, 'GBP', 'en-GB')).toBe('£1,234.56');
    expect(formatMoney(123_456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(123_456, 'AUD', 'en-AU')).toBe('$1,234.56');
    expect(formatMoney(1_234, 'JPY', 'en-GB')).toBe('JP¥1,234');
  });
});

describe('what the balance means at the counter', () => {
  const paidOn = (price: number, paid: number) => financialsOf(price, null, { depositCents: 0, paidCents: paid, refundedCents: 0 });
  it('is owed by the customer, settled, or owed back to them when they paid more than the price', () => {
    expect(balanceStanding(paidOn(10_000, 2_500), false)).toEqual({ kind: 'owing', cents: 7_500 });
    expect(balanceStanding(paidOn(10_000, 10_000), false)).toEqual({ kind: 'settled', cents: 0 });
    expect(balanceStanding(paidOn(10_000, 12_000), false)).toEqual({ kind: 'credit', cents: 2_000 });
  });
  it('on a cancelled job is nothing owed, only what was paid and is held for the customer', () => {
    expect(balanceStanding(paidOn(10_000, 2_500), true)).toEqual({ kind: 'cancelled', cents: 2_500 });
    expect(balanceStanding(paidOn(10_000, 0), true)).toEqual({ kind: 'cancelled', cents: 0 });
  });
});
