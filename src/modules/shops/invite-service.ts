import type { Database } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { type Actor, canAddStaff } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { insertOutbox } from '../notifications/outbox-queries.js';
import { emailTaken, isUniqueViolation } from './account-errors.js';
import * as iq from './invite-queries.js';
import { hashPassword } from './passwords.js';
import * as q from './queries.js';
import type { AcceptInviteInput, InviteInput } from './schemas.js';
import { openSession, type SessionMeta } from './service.js';
import { sessionIdOf } from './session-tokens.js';

/** How long an invitation's link works. */
export const INVITE_DAYS = 7;

const noSuchInvite = () =>
  new DomainError('not_found', 'Invitation not found', 'This invitation link has been used, has expired or was withdrawn: ask the shop for a new one');

function mayInvite(actor: Actor, role: InviteInput['role']) {
  if (canAddStaff(actor, role)) return;
  throw new DomainError(
    'forbidden',
    'Forbidden',
    actor.role === 'manager' ? 'Only an owner can invite another owner' : 'Only owners and managers can invite staff',
  );
}

/**
 * Invites someone by e-mail: the invitation and its e-mail (through the outbox, like every message
 * the shop sends) in one transaction. An earlier open invitation to the same address stops working.
 */
export async function invite(deps: { db: Database; clock: Clock }, actor: Actor, input: InviteInput) {
  mayInvite(actor, input.role);
  const now = deps.clock.now();
  // One address, one account, across every shop: checked beyond this shop's rows.
  if (await deps.db.system((tx) => iq.emailInUse(tx, input.email))) throw emailTaken();
  return deps.db.tenant(actor.shopId, async (tx) => {
    await iq.revokeOpenInvitesTo(tx, actor.shopId, input.email, now);
    const made = await iq.insertInvite(tx, {
      shopId: actor.shopId,
      name: input.name,
      email: input.email,
      role: input.role,
      invitedBy: actor.userId,
      expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
    });
    await insertOutbox(tx, {
      shopId: actor.shopId,
      topic: 'staff_invite',
      idempotencyKey: `staff_invite:${made.id}`,
      payload: { inviteId: made.id },
      availableAt: now,
    });
    return made;
  });
}

export async function listInvites(deps: { db: Database; clock: Clock }, actor: Actor) {
  return { items: await deps.db.tenant(actor.shopId, (tx) => iq.listOpenInvites(tx, actor.shopId, deps.clock.now())) };
}

export async function withdrawInvite(deps: { db: Database; clock: Clock }, actor: Actor, id: string) {
  mayInvite(actor, 'staff');
  const done = await deps.db.tenant(actor.shopId, (tx) => iq.revokeInvite(tx, actor.shopId, id, deps.clock.now()));
  if (!done) throw notFound('Invitation');
}

/** What the invitation page shows before the invitee chooses a password. */
export async function describeInvite(deps: { db: Database; clock: Clock }, token: string) {
  const found = await deps.db.system((tx) => iq.findOpenInviteByToken(tx, sessionIdOf(token), deps.clock.now()));
  if (!found) throw noSuchInvite();
  return { shopName: found.shopName, name: found.name, email: found.email, role: found.role, expiresAt: found.expiresAt };
}

/** Takes the invitation up: the member is made with the password they chose, and signed in. The link then works no more. */
export async function acceptInvite(deps: { db: Database; clock: Clock }, token: string, input: AcceptInviteInput, meta: SessionMeta) {
  const now = deps.clock.now();
  const found = await deps.db.system((tx) => iq.findOpenInviteByToken(tx, sessionIdOf(token), now));
  if (!found) throw noSuchInvite();
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.tenant(found.shopId, async (tx) => {
      if (!(await iq.markAccepted(tx, found.shopId, found.id, now))) throw noSuchInvite();
      const [member] = await tx
        .insert(users)
        .values({ shopId: found.shopId, name: input.name ?? found.name, email: found.email, passwordHash, role: found.role })
        .returning({ id: users.id });
      if (!member) throw new Error('member insert returned nothing');
      const session = await openSession(deps, tx, { id: member.id, shopId: found.shopId }, meta);
      const user = await q.findUser(tx, found.shopId, member.id);
      const shop = await q.findShop(tx, found.shopId);
      if (!user || !shop) throw notFound('Account');
      return { user, shop, session };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}
