import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { canSettle, isOverdue, linkRefusal, type MemoItemStatus, memoOutcomes, memoReference, planSettle, recordStatus, settleOrThrow } from './memos.js';

const statuses: MemoItemStatus[] = ['active', 'returned', 'sold', 'expired', 'lost'];

describe('memo references', () => {
  it('numbers memo parcels MEMO- and consignments CON-, four digits at least', () => {
    expect(memoReference('in', 1)).toBe('MEMO-0001');
    expect(memoReference('out', 42)).toBe('CON-0042');
    expect(memoReference('in', 12345)).toBe('MEMO-12345');
  });
});

describe('settling a memo item', () => {
  it('an active item settles any way', () => {
    for (const to of memoOutcomes) expect(planSettle('active', to)).toEqual({ kind: 'settle' });
  });

  it('an expired item may still be sold, returned or found lost', () => {
    expect(canSettle('expired', 'sold')).toBe(true);
    expect(canSettle('expired', 'returned')).toBe(true);
    expect(canSettle('expired', 'lost')).toBe(true);
    expect(planSettle('expired', 'expired')).toEqual({ kind: 'same' });
  });

  it('returned, sold and lost are final: the same outcome again is no change, another is refused with the current status', () => {
    for (const from of ['returned', 'sold', 'lost'] as const) {
      for (const to of memoOutcomes) {
        const d = planSettle(from, to);
        if (to === from) expect(d).toEqual({ kind: 'same' });
        else expect(d.kind).toBe('refused');
      }
    }
    const err = (() => {
      try {
        settleOrThrow('sold', 'returned');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'memo_item_settled', extra: { currentStatus: 'sold' } });
  });
});

describe("a record's status", () => {
  it('is active while any item is (and with no items)', () => {
    expect(recordStatus([])).toBe('active');
    expect(recordStatus(['sold', 'active'])).toBe('active');
  });

  it('takes the shared outcome when every item settled the same way, else closed', () => {
    for (const s of statuses) expect(recordStatus([s, s])).toBe(s);
    expect(recordStatus(['sold', 'returned'])).toBe('closed');
    expect(recordStatus(['lost', 'expired', 'lost'])).toBe('closed');
  });
});

describe('overdue', () => {
  it('is an active item whose due-back day is before today', () => {
    expect(isOverdue('active', '2026-12-02', '2026-12-03')).toBe(true);
    expect(isOverdue('active', '2026-12-03', '2026-12-03')).toBe(false);
    expect(isOverdue('active', null, '2026-12-03')).toBe(false);
    expect(isOverdue('returned', '2026-01-01', '2026-12-03')).toBe(false);
  });
});

describe('linking to a job', () => {
  const item = { direction: 'in' as const, status: 'active' as const, jobId: null };
  it('takes an active item taken in on memo, or one already linked to the same job', () => {
    expect(linkRefusal(item, 'j1')).toBeNull();
    expect(linkRefusal({ ...item, jobId: 'j1' }, 'j1')).toBeNull();
  });
  it('refuses a consignment, a settled item, and one linked elsewhere', () => {
    expect(linkRefusal({ ...item, direction: 'out' }, 'j1')).toMatch(/consignment/);
    expect(linkRefusal({ ...item, status: 'sold' }, 'j1')).toMatch(/sold/);
    expect(linkRefusal({ ...item, jobId: 'j2' }, 'j1')).toMatch(/another job/);
  });
});
