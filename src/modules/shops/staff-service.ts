import type { Database } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { type Actor, canAddStaff, canManageStaff, leavesNoOwner } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { announceEndedSessions } from '../live/channels.js';
import { emailTaken, isUniqueViolation } from './account-errors.js';
import { revokeOpenInvitesTo } from './invite-queries.js';
import { hashPassword } from './passwords.js';
import * as q from './queries.js';
import type { AddStaffInput, StaffRoleInput } from './schemas.js';
import { sessionCache } from './session-cache.js';

const ownersOnly = () => new DomainError('forbidden', 'Forbidden', 'Only an owner can change roles, let staff go or end their sessions');
const lastOwner = () => new DomainError('last_owner', 'The shop needs an owner', 'This is the shop’s last active owner: make someone else an owner first');

/** Adds a member with a first password; an open invitation to the same address ends, as they are in now. */
export async function addStaff(deps: { db: Database; clock: Clock }, actor: Actor, input: AddStaffInput) {
  if (!canAddStaff(actor, input.role)) {
    throw new DomainError(
      'forbidden',
      'Forbidden',
      actor.role === 'manager' ? 'Only an owner can add another owner' : 'Only owners and managers can add staff',
    );
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.tenant(actor.shopId, async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ shopId: actor.shopId, name: input.name, email: input.email, passwordHash, role: input.role })
        .returning(q.memberColumns);
      if (!row) throw new Error('staff insert returned nothing');
      await revokeOpenInvitesTo(tx, actor.shopId, input.email, deps.clock.now());
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

export async function listStaff(deps: { db: Database }, actor: Actor) {
  return { items: await deps.db.tenant(actor.shopId, (tx) => q.listUsers(tx, actor.shopId)) };
}

/**
 * A new role for a member. Their sessions read the role afresh on their next request here (other
 * processes' session caches hold it for a few seconds at most).
 */
export async function changeRole(deps: { db: Database; clock: Clock }, actor: Actor, memberId: string, input: StaffRoleInput) {
  if (!canManageStaff(actor)) throw ownersOnly();
  const { member, sessionIds } = await deps.db.tenant(actor.shopId, async (tx) => {
    const owners = await q.lockActiveOwners(tx, actor.shopId);
    const found = await q.findMember(tx, actor.shopId, memberId);
    if (!found) throw notFound('Staff member');
    if (leavesNoOwner(owners, memberId, input.role)) throw lastOwner();
    await q.setRole(tx, actor.shopId, memberId, input.role);
    const open = await q.listSessionsOf(tx, actor.shopId, memberId, deps.clock.now());
    return { member: { ...found, role: input.role }, sessionIds: open.map((s) => s.id) };
  });
  forgetSessions(sessionIds);
  return member;
}

/** Lets a member go: they cannot sign in again, and every session they have open stops working at once. */
export async function deactivateMember(deps: { db: Database; clock: Clock }, actor: Actor, memberId: string) {
  if (!canManageStaff(actor)) throw ownersOnly();
  const ended = await deps.db.tenant(actor.shopId, async (tx) => {
    const owners = await q.lockActiveOwners(tx, actor.shopId);
    const member = await q.findMember(tx, actor.shopId, memberId);
    if (!member) throw notFound('Staff member');
    if (leavesNoOwner(owners, memberId, null)) throw lastOwner();
    await q.deactivate(tx, actor.shopId, memberId, deps.clock.now());
    return endSessionsOf(tx, actor.shopId, memberId);
  });
  forgetSessions(ended);
}

/** A member's sessions that are still alive: an owner's view, or the member's own. */
export async function listMemberSessions(deps: { db: Database; clock: Clock }, actor: Actor, memberId: string) {
  if (!canManageStaff(actor) && actor.userId !== memberId) throw ownersOnly();
  return deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await q.findMember(tx, actor.shopId, memberId))) throw notFound('Staff member');
    const rows = await q.listSessionsOf(tx, actor.shopId, memberId, deps.clock.now());
    // The stored id is the hash of the cookie's token; a prefix is enough to tell sessions apart on screen.
    return { items: rows.map((r) => ({ ...r, id: r.id.slice(0, 16) })) };
  });
}

/** Signs a member out everywhere (an owner for anyone, a member for themself). */
export async function revokeMemberSessions(deps: { db: Database }, actor: Actor, memberId: string) {
  if (!canManageStaff(actor) && actor.userId !== memberId) throw ownersOnly();
  const ended = await deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await q.findMember(tx, actor.shopId, memberId))) throw notFound('Staff member');
    return endSessionsOf(tx, actor.shopId, memberId);
  });
  forgetSessions(ended);
}

async function endSessionsOf(tx: Parameters<typeof q.deleteSessionsOf>[0], shopId: string, memberId: string) {
  const ids = await q.deleteSessionsOf(tx, shopId, memberId);
  // Delivered on commit: every process ends these sessions' streams and forgets them from its cache.
  await announceEndedSessions(tx, ids);
  return ids;
}

// This process forgets at once, not only when the notification comes back round.
function forgetSessions(ids: readonly string[]) {
  for (const id of ids) sessionCache.forget(id);
}
