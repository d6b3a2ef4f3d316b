import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { shops, users } from '../../db/schema/index.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError, invalidField, notFound } from '../../domain/errors.js';
import { countryOfTimeZone, defaultsFor, localeOfCountry } from '../../domain/shop-settings.js';
import { announceEndedSessions } from '../live/channels.js';
import { emailTaken, isUniqueViolation } from './account-errors.js';
import type { AccountLimiter } from './account-limiter.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.js';
import * as q from './queries.js';
import type { ShopSettingsInput, SignInInput, SignUpInput } from './schemas.js';
import { sessionCache } from './session-cache.js';
import { newSessionToken, SESSION_DAYS, sessionIdOf } from './session-tokens.js';

export interface SessionMeta {
  address: string;
  userAgent?: string | undefined;
}

export async function openSession(deps: { clock: Clock }, tx: Tx, user: { id: string; shopId: string }, meta: SessionMeta) {
  const { token, id } = newSessionToken();
  const expiresAt = new Date(deps.clock.now().getTime() + SESSION_DAYS * 86_400_000);
  await q.insertSession(tx, { id, userId: user.id, shopId: user.shopId, expiresAt, userAgent: meta.userAgent?.slice(0, 300) ?? null });
  return { token, expiresAt };
}

/** Sign-up from the open web: throttled per address before any work, then a new shop with its owner signed in. */
export async function openShop(deps: { db: Database; clock: Clock; limiter: AccountLimiter }, input: SignUpInput, meta: SessionMeta) {
  await deps.limiter.reserveSignUp(meta.address);
  return signUpShop(deps, input, meta);
}

/** A new shop with its owner signed in. */
export async function signUpShop(deps: { db: Database; clock: Clock }, input: SignUpInput, meta: SessionMeta) {
  // A shop that gives only its time zone gets that country's ways: Australia/Perth reads 0412 345 678 as +61, in dollars.
  const zoneCountry = input.timeZone ? countryOfTimeZone(input.timeZone) : undefined;
  const country = input.country ?? zoneCountry;
  const locale = input.locale ?? localeOfCountry(country) ?? 'en-GB';
  const defaults = defaultsFor(locale);
  const shopId = randomUUID();
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.tenant(shopId, async (tx) => {
      await tx.insert(shops).values({
        id: shopId,
        name: input.shopName,
        locale,
        country: country ?? defaults.country,
        currency: input.currency ?? defaults.currency,
        timeZone: input.timeZone ?? defaults.timeZone,
      });
      const [owner] = await tx
        .insert(users)
        .values({ shopId, name: input.ownerName, email: input.email, passwordHash, role: 'owner' })
        .returning({ id: users.id });
      if (!owner) throw new Error('owner insert returned nothing');
      const session = await openSession(deps, tx, { id: owner.id, shopId }, meta);
      return { ...(await loadUserAndShop(tx, shopId, owner.id)), session };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

const wrongPair = () => new DomainError('unauthenticated', 'Sign-in failed', 'The e-mail address or password is not right');

export async function signIn(deps: { db: Database; clock: Clock; limiter: AccountLimiter }, input: SignInInput, meta: SessionMeta) {
  // Taken before the check, so parallel guesses cannot outrun the count; a wrong pair keeps it spent.
  await deps.limiter.reserveSignIn(meta.address, input.email);
  const found = await deps.db.system((tx) => q.findCredentials(tx, input.email));
  const ok = found ? await verifyPassword(found.passwordHash, input.password) : await verifyAgainstDecoy(input.password);
  if (!found || !ok) throw wrongPair();
  await deps.limiter.succeeded(meta.address, input.email);
  return deps.db.tenant(found.shopId, async (tx) => {
    const session = await openSession(deps, tx, found, meta);
    return { ...(await loadUserAndShop(tx, found.shopId, found.id)), session };
  });
}

export async function signOut(deps: { db: Database }, token: string) {
  const id = sessionIdOf(token);
  sessionCache.forget(id);
  await deps.db.system(async (tx) => {
    await q.deleteSession(tx, id);
    // On commit every process (this one too) ends the session's live streams and forgets it from its cache.
    await announceEndedSessions(tx, [id]);
  });
  // Again after the commit: a request racing the sign-out may have cached the row in between.
  sessionCache.forget(id);
}

/** The actor behind a session cookie, or null when the session is unknown, expired or revoked. */
export async function actorForToken(deps: { db: Database; clock: Clock }, token: string): Promise<Actor | null> {
  const id = sessionIdOf(token);
  const now = deps.clock.now();
  const cached = sessionCache.get(id, now.getTime());
  if (cached) return cached;
  // Every authenticated request starts here: one statement outside a transaction is one round trip, not three.
  const row = await q.findSessionActor(deps.db.raw, id, now);
  if (!row) return null;
  const { expiresAt, ...actor } = row;
  sessionCache.set(id, actor, now.getTime(), expiresAt.getTime());
  return actor;
}

async function loadUserAndShop(tx: Tx, shopId: string, userId: string) {
  const user = await q.findUser(tx, shopId, userId);
  const shop = await q.findShop(tx, shopId);
  if (!user || !shop) throw notFound('Account');
  return { user, shop };
}

export function me(deps: { db: Database }, actor: Actor) {
  return deps.db.tenant(actor.shopId, (tx) => loadUserAndShop(tx, actor.shopId, actor.userId));
}

export async function updateShopSettings(deps: { db: Database }, actor: Actor, input: ShopSettingsInput) {
  if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change shop settings');
  return deps.db.tenant(actor.shopId, async (tx) => {
    const before = await q.findShop(tx, actor.shopId);
    // Amounts are kept in minor units of the shop's currency and never converted: £75.50 would read ¥7,550.
    if (input.currency && before && input.currency !== before.currency && (await q.holdsAmounts(tx, actor.shopId))) {
      throw invalidField(
        'currency',
        `Amounts are already recorded in ${before.currency}, and Loupe does not convert them: the currency can change only before the first job, payment or memo`,
      );
    }
    if (Object.keys(input).length > 0) await tx.update(shops).set(input).where(eq(shops.id, actor.shopId));
    const shop = await q.findShop(tx, actor.shopId);
    if (!shop) throw notFound('Shop');
    return shop;
  });
}
