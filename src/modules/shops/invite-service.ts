import type { Database } from '../../db/client.js';
import type { outboxStatuses } from '../../db/schema/index.js';
import { users } from '../../db/schema/index.js';
import { type Actor, canAddStaff } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { emailNotReady } from '../notifications/channels/email.js';
import { insertOutbox } from '../notifications/outbox-queries.js';
import type { SecretBox } from '../notifications/secret-box.js';
import { loadSettings, providersOf } from '../notifications/settings-store.js';
import { emailTaken, isUniqueViolation } from './account-errors.js';
import { inviteNotSent } from './invite-message.js';
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

/** How an invitation's e-mail fared, from the outbox row it queued: what the owner needs to know whether to chase it. */
export function inviteDelivery(row: { sendStatus: (typeof outboxStatuses)[number] | null; sendError: string | null; sentAt: Date | null }) {
  switch (row.sendStatus) {
    case 'sent':
      return { status: 'sent' as const, detail: null, sentAt: row.sentAt };
    case 'skipped':
    case 'cancelled':
      return { status: 'not_sent' as const, detail: row.sendError, sentAt: null };
    case 'dead':
      return { status: 'failed' as const, detail: row.sendError, sentAt: null };
    case null:
      return { status: 'not_sent' as const, detail: 'Loupe has no record of sending it: send the invitation again.', sentAt: null };
    default:
      // Waiting its turn, or between tries: a retry's reason says what went wrong last time.
      return { status: 'waiting' as const, detail: row.sendError, sentAt: null };
  }
}

const withDelivery = ({ sendStatus, sendError, sentAt, ...invitation }: Awaited<ReturnType<typeof iq.listOpenInvites>>[number]) => ({
  ...invitation,
  delivery: inviteDelivery({ sendStatus, sendError, sentAt }),
});

/**
 * Invites someone by e-mail: the invitation and its e-mail (through the outbox, like every message
 * the shop sends) in one transaction. An earlier open invitation to the same address stops working.
 * When the shop cannot send e-mail, the e-mail is recorded as not sent at once and the answer says
 * why, rather than letting the owner think it went.
 */
export async function invite(deps: { db: Database; clock: Clock; box: SecretBox }, actor: Actor, input: InviteInput) {
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
    const notReady = emailNotReady(providersOf(await loadSettings(tx, actor.shopId), deps.box));
    await insertOutbox(tx, {
      shopId: actor.shopId,
      topic: 'staff_invite',
      idempotencyKey: `${iq.INVITE_KEY_PREFIX}${made.id}`,
      payload: { inviteId: made.id },
      availableAt: now,
      ...(notReady ? { status: 'skipped' as const, lastError: inviteNotSent(notReady) } : {}),
    });
    const [listed] = await iq.listOpenInvites(tx, actor.shopId, now, made.id);
    if (!listed) throw new Error('the invitation just made is not open');
    return withDelivery(listed);
  });
}

export async function listInvites(deps: { db: Database; clock: Clock }, actor: Actor) {
  const rows = await deps.db.tenant(actor.shopId, (tx) => iq.listOpenInvites(tx, actor.shopId, deps.clock.now()));
  return { items: rows.map(withDelivery) };
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
