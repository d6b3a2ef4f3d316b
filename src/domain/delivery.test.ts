import { expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS } from './delivery.js';

const minute = 60_000;

it('waits 10 s after the first failure and doubles the wait after each one after it', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000]);
  for (let n = 1; n < 8; n++) expect(backoffMs(n + 1)).toBe(2 * backoffMs(n));
});

it('never waits longer than 30 minutes, however many failures', () => {
  expect(backoffMs(9)).toBe(30 * minute);
  for (const n of [10, 20, 64, 1_000, 5_000, Number.MAX_SAFE_INTEGER]) expect(backoffMs(n)).toBe(30 * minute);
  for (let n = 1; n < 200; n++) expect(backoffMs(n + 1)).toBeGreaterThanOrEqual(backoffMs(n));
});

it('takes the base and the cap it is given, and treats "no failures yet" as the first', () => {
  expect([1, 2, 3, 4].map((n) => backoffMs(n, 5))).toEqual([5, 10, 20, 40]);
  expect(backoffMs(4, 1_000, 5_000)).toBe(5_000);
  expect(backoffMs(3, 1_000, 5_000)).toBe(4_000);
  expect(backoffMs(0)).toBe(10_000);
  expect(backoffMs(-3)).toBe(10_000);
});

it('is a pure rule: the same failure count always gives the same wait', () => {
  for (let n = 1; n <= 12; n++) expect(new Set(Array.from({ length: 20 }, () => backoffMs(n))).size).toBe(1);
});

it('rides out about 20 minutes of a provider being down before the last attempt gives up', () => {
  const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1));
  const total = waits.reduce((a, b) => a + b, 0);
  expect(MAX_ATTEMPTS).toBe(8);
  expect(total).toBe(1_270_000);
  expect(total).toBeGreaterThan(20 * minute);
  expect(total).toBeLessThan(30 * minute);
});
