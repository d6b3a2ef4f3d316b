import { DomainError } from './errors.js';
import { formatReference, parseReference } from './reference.js';

/**
 * Memo and consignment: stones and pieces lent to the shop (memo in) or by it (consignment out).
 * They are never the shop's stock; these rules say how each lent item is settled and what that makes
 * of its record.
 */

export type MemoDirection = 'in' | 'out';
export type MemoItemStatus = 'active' | 'returned' | 'sold' | 'expired' | 'lost';
export type MemoOutcome = Exclude<MemoItemStatus, 'active'>;
export type MemoStatus = MemoItemStatus | 'closed';

export const memoOutcomes: readonly MemoOutcome[] = ['returned', 'sold', 'expired', 'lost'];

/** MEMO-0001 for a parcel taken in, CON-0001 for a consignment sent out; each its own series per shop. */
export const memoPrefix = (direction: MemoDirection) => (direction === 'in' ? 'MEMO' : 'CON');
export const memoReference = (direction: MemoDirection, n: number) => formatReference(memoPrefix(direction), n);
/** The shop counter each series draws from. */
export const memoCounter = (direction: MemoDirection) => (direction === 'in' ? 'memo_in' : 'consignment_out');

/**
 * Where an item may go from where it is. An active item settles any way; an expired one (its term ran
 * out with the item still here) may still be bought, sent back or found lost; returned, sold and lost are final.
 */
export function canSettle(from: MemoItemStatus, to: MemoOutcome): boolean {
  if (from === 'active') return true;
  if (from === 'expired') return to !== 'expired';
  return false;
}

export type SettleDecision = { kind: 'settle' } | { kind: 'same' } | { kind: 'refused'; reason: string };

/** Settling to where it already is changes nothing (a repeated click); a settled item cannot be settled another way. */
export function planSettle(from: MemoItemStatus, to: MemoOutcome): SettleDecision {
  if (from === to) return { kind: 'same' };
  if (canSettle(from, to)) return { kind: 'settle' };
  return { kind: 'refused', reason: `This item is already ${from}; it cannot be marked ${to}` };
}

export function settleOrThrow(from: MemoItemStatus, to: MemoOutcome): 'settle' | 'same' {
  const d = planSettle(from, to);
  if (d.kind === 'refused') throw new DomainError('memo_item_settled', 'Item already settled', d.reason, { currentStatus: from });
  return d.kind;
}

/**
 * A record is active while any item is; once none is, it takes its items' outcome when they all share
 * one, and is `closed` when they were settled in different ways. A record with no items is active.
 */
export function recordStatus(items: readonly MemoItemStatus[]): MemoStatus {
  if (items.length === 0 || items.includes('active')) return 'active';
  const first = items[0] as MemoItemStatus;
  return items.every((s) => s === first) ? first : 'closed';
}

/** An active item is overdue once the shop's today is past its due-back date (a due date of today is not yet overdue). */
export function isOverdue(status: MemoItemStatus, dueBackOn: string | null, today: string): boolean {
  return status === 'active' && dueBackOn !== null && dueBackOn < today;
}

/** Linking to a job: only a stone or piece lent to the shop, and still here. */
export function linkRefusal(item: { direction: MemoDirection; status: MemoItemStatus; jobId: string | null }, jobId: string): string | null {
  if (item.direction !== 'in') return 'Only items taken in on memo can be used in a job; a consignment is the shop’s own piece lent out';
  if (item.status !== 'active') return `This item is ${item.status}; only an item still on memo can be linked`;
  if (item.jobId !== null && item.jobId !== jobId) return 'This item is already linked to another job';
  return null;
}

export interface ItemDescription {
  kind: 'stone' | 'piece';
  stoneType: string | null;
  shape: string | null;
  carat: number | null;
  colour: string | null;
  clarity: string | null;
  measurements: string | null;
  certificateLab: string | null;
  certificateNumber: string | null;
  description: string | null;
}

/** One line for a list or the memo document: "Diamond, oval, 1.02 ct, F VS1, 6.5 × 4.5 mm, GIA 2141438167". */
export function itemLabel(i: ItemDescription): string {
  if (i.kind === 'piece') return i.description ?? 'Piece';
  const grade = [i.colour, i.clarity].filter(Boolean).join(' ');
  const cert = [i.certificateLab, i.certificateNumber].filter(Boolean).join(' ');
  return [i.stoneType ?? 'Stone', i.shape, i.carat === null ? null : `${i.carat} ct`, grade, i.measurements, cert].filter(Boolean).join(', ');
}

/** A number typed as MEMO-0012 or CON-0012 (either series: the list shows both). */
export function parseMemoReference(text: string): number | null {
  return parseReference('MEMO', text) ?? parseReference('CON', text);
}
