import { describe, expect, it } from 'vitest';
import { type Actor, canAddStaff, canManageStaff, leavesNoOwner } from './actor.js';

const as = (role: Actor['role']): Actor => ({ userId: 'u', shopId: 's', role, name: 'N' });

describe('who runs the team', () => {
  it('owners add anyone, managers add all but owners, staff add no one', () => {
    expect(canAddStaff(as('owner'), 'owner')).toBe(true);
    expect(canAddStaff(as('manager'), 'manager')).toBe(true);
    expect(canAddStaff(as('manager'), 'owner')).toBe(false);
    expect(canAddStaff(as('staff'), 'staff')).toBe(false);
  });

  it('only owners manage roles, departures and sessions', () => {
    expect([as('owner'), as('manager'), as('staff')].map(canManageStaff)).toEqual([true, false, false]);
  });
});

describe('the last owner', () => {
  it('cannot be demoted or let go', () => {
    expect(leavesNoOwner(['a'], 'a', 'manager')).toBe(true);
    expect(leavesNoOwner(['a'], 'a', null)).toBe(true);
  });

  it('may stay an owner, and others may come and go around them', () => {
    expect(leavesNoOwner(['a'], 'a', 'owner')).toBe(false);
    expect(leavesNoOwner(['a'], 'b', null)).toBe(false);
    expect(leavesNoOwner(['a'], 'b', 'staff')).toBe(false);
  });

  it('is not the last while another owner is active', () => {
    expect(leavesNoOwner(['a', 'b'], 'a', null)).toBe(false);
    expect(leavesNoOwner(['a', 'b'], 'b', 'manager')).toBe(false);
  });
});
