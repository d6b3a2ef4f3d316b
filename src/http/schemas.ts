import { z } from 'zod';
import { MAX_MONEY_CENTS } from '../domain/money.js';

export const id = z.uuid({ message: 'Must be an id' });
export const idParams = z.object({ id });

export const nonBlank = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
export const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`).nullish();

// The bounds come before the whole-number check: an amount past the largest is told it is too large, not
// that it is not a whole number (a huge number is not a safe integer, which is what the whole-number check sees).
export const cents = z
  .number({ message: 'Must be a whole number of minor units (e.g. 12500 for 125.00)' })
  .min(0, 'Must not be negative')
  .max(MAX_MONEY_CENTS, 'Too large for one amount')
  .int('Must be a whole number of minor units (e.g. 12500 for 125.00)');

export const positiveCents = cents.min(1, 'Must be more than zero');

/** A calendar date that exists: 2026-02-30 is refused, not rolled over to March. */
export const isoDate = z.iso.date({ message: 'Must be a date as YYYY-MM-DD' }).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'Not a real calendar date');

/** Serialised as ISO 8601 in UTC (`2026-11-27T09:30:00.000Z`); documented as date-time. */
export const timestamp = z.date();
