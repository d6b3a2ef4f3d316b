import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { outbox, shops, staffInvites, users } from '../../db/schema/index.js';

/** Invitations to join a shop's staff: made, listed, withdrawn, and taken up once. */

export const inviteColumns = {
  id: staffInvites.id,
  name: staffInvites.name,
  email: staffInvites.email,
  role: staffInvites.role,
  createdAt: staffInvites.createdAt,
  expiresAt: staffInvites.expiresAt,
};

/** Whether anyone, in any shop, already signs in with this address (one address, one account). */
export async function emailInUse(tx: Tx, email: string): Promise<boolean> {
  const [row] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return row !== undefined;
}

export async function insertInvite(tx: Tx, row: typeof staffInvites.$inferInsert) {
  const [made] = await tx.insert(staffInvites).values(row).returning(inviteColumns);
  if (!made) throw new Error('invite insert returned nothing');
  return made;
}

const open = (now: Date) => and(isNull(staffInvites.acceptedAt), isNull(staffInvites.revokedAt), gt(staffInvites.expiresAt, now));

/** Earlier open invitations to the same address end when a new one is sent: only the newest link works. */
export async function revokeOpenInvitesTo(tx: Tx, shopId: string, email: string, now: Date) {
  await tx
    .update(staffInvites)
    .set({ revokedAt: now })
    .where(and(eq(staffInvites.shopId, shopId), sql`lower(${staffInvites.email}) = lower(${email})`, open(now)));
}

/** Open invitations with how their e-mail fared: the outbox row each one queued, by its key. */
export function listOpenInvites(tx: Tx, shopId: string, now: Date, id?: string) {
  return tx
    .select({ ...inviteColumns, sendStatus: outbox.status, sendError: outbox.lastError, sentAt: outbox.sentAt })
    .from(staffInvites)
    .leftJoin(outbox, and(eq(outbox.shopId, staffInvites.shopId), eq(outbox.idempotencyKey, sql`${INVITE_KEY_PREFIX} || ${staffInvites.id}::text`)))
    .where(and(eq(staffInvites.shopId, shopId), open(now), id === undefined ? undefined : eq(staffInvites.id, id)))
    .orderBy(staffInvites.createdAt);
}

/** An invitation's e-mail is queued under this key and the invitation's id. */
export const INVITE_KEY_PREFIX = 'staff_invite:';

export async function revokeInvite(tx: Tx, shopId: string, id: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(staffInvites)
    .set({ revokedAt: now })
    .where(and(eq(staffInvites.shopId, shopId), eq(staffInvites.id, id), open(now)))
    .returning({ id: staffInvites.id });
  return rows.length > 0;
}

/** The open invitation a link's token names, with its shop's name; across shops, as the invitee has no session. */
export async function findOpenInviteByToken(tx: Tx, tokenHash: string, now: Date) {
  const [row] = await tx
    .select({ ...inviteColumns, shopId: staffInvites.shopId, shopName: shops.name })
    .from(staffInvites)
    .innerJoin(shops, eq(shops.id, staffInvites.shopId))
    .where(and(eq(staffInvites.tokenHash, tokenHash), open(now)));
  return row;
}

/** Takes the invitation up, if it is still open: of two tabs accepting at once, one wins. */
export async function markAccepted(tx: Tx, shopId: string, id: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(staffInvites)
    .set({ acceptedAt: now, tokenHash: null })
    .where(and(eq(staffInvites.shopId, shopId), eq(staffInvites.id, id), open(now)))
    .returning({ id: staffInvites.id });
  return rows.length > 0;
}

/** The sender's view: the invitation to e-mail, if it is still open, and who sent it. */
export async function inviteToSend(tx: Tx, shopId: string, id: string, now: Date) {
  const [row] = await tx
    .select({ ...inviteColumns, shopName: shops.name, inviter: users.name })
    .from(staffInvites)
    .innerJoin(shops, eq(shops.id, staffInvites.shopId))
    .leftJoin(users, eq(users.id, staffInvites.invitedBy))
    .where(and(eq(staffInvites.shopId, shopId), eq(staffInvites.id, id), open(now)));
  return row;
}

export async function setInviteToken(tx: Tx, shopId: string, id: string, tokenHash: string) {
  await tx
    .update(staffInvites)
    .set({ tokenHash })
    .where(and(eq(staffInvites.shopId, shopId), eq(staffInvites.id, id)));
}
