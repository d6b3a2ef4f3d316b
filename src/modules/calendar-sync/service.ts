import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import type { CalendarProviderName } from '../../db/schema/index.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError, notFound } from '../../domain/errors.js';
import { OutboundGuard } from '../../net/outbound-guard.js';
import type { SecretBox } from '../notifications/secret-box.js';
import {
  type Connection,
  connectionOf,
  connectionsOf,
  dropConnection,
  googleRedirectUri,
  type ProviderDeps,
  providerOf,
  saveConnection,
} from './connections.js';
import { type GoogleConfig, googleFailure, googleMissing, googleScopes, oauthClient } from './google.js';
import { guardedFetch } from './guarded-fetch.js';
import { SyncError } from './provider.js';
import { queueEverything, queueSubjects } from './queue.js';
import type { CalDavBody } from './schemas.js';

export type SyncDeps = {
  db: Database;
  box: SecretBox;
  config: { publicUrl: string };
  calendarSync?: { guard: OutboundGuard; google: GoogleConfig } | undefined;
};

export const unconfiguredGoogle: GoogleConfig = {
  clientId: undefined,
  clientSecret: undefined,
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  apiRoot: 'https://www.googleapis.com/',
};

function providerDeps(deps: SyncDeps): ProviderDeps {
  return {
    box: deps.box,
    guard: deps.calendarSync?.guard ?? new OutboundGuard(),
    google: deps.calendarSync?.google ?? unconfiguredGoogle,
    publicUrl: deps.config.publicUrl,
  };
}

function requireManager(actor: Actor) {
  if (actor.role === 'staff') throw new DomainError('forbidden', 'Forbidden', 'Only owners and managers can change calendar sync');
}

const statusOf = (c: Connection) => ({ state: c.state, lastSyncedAt: c.lastSyncedAt, lastError: c.lastError, lastErrorAt: c.lastErrorAt });

async function viewIn(tx: Tx, deps: SyncDeps, shopId: string) {
  const rows = await connectionsOf(tx, shopId);
  const caldav = rows.find((r) => r.provider === 'caldav');
  const google = rows.find((r) => r.provider === 'google');
  const counts = (await tx.execute(sql`
    select count(*) filter (where status in ('pending', 'sending'))::int as pending, count(*) filter (where status = 'dead')::int as failed
    from calendar_sync_queue where shop_id = ${shopId}`)) as unknown as { rows: { pending: number; failed: number }[] };
  const failures = (await tx.execute(sql`
    select provider, subject_kind, subject_id, last_error from calendar_sync_queue
    where shop_id = ${shopId} and (status = 'dead' or (status = 'pending' and last_error is not null))
    order by available_at desc limit 10`)) as unknown as {
    rows: { provider: CalendarProviderName; subject_kind: 'job' | 'appointment'; subject_id: string; last_error: string | null }[];
  };
  return {
    caldav: caldav ? { ...statusOf(caldav), url: caldav.target ?? '', username: caldav.account ?? '', passwordSet: caldav.secretSealed !== null } : null,
    google: {
      missing: googleMissing(providerDeps(deps).google),
      connection: google ? { ...statusOf(google), calendarId: google.state === 'connecting' ? null : google.target } : null,
    },
    queue: {
      pending: counts.rows[0]?.pending ?? 0,
      failed: counts.rows[0]?.failed ?? 0,
      failures: failures.rows.map((f) => ({ provider: f.provider, subject: f.subject_kind, subjectId: f.subject_id, error: f.last_error })),
    },
    encryptionReady: deps.box.ready,
  };
}

export function syncSettings(deps: SyncDeps, actor: Actor) {
  requireManager(actor);
  return deps.db.tenant(actor.shopId, (tx) => viewIn(tx, deps, actor.shopId));
}

/** The CalDAV settings as given, with the stored password when none is given. */
async function caldavOf(tx: Tx, deps: SyncDeps, actor: Actor, input: CalDavBody) {
  const stored = await connectionOf(tx, actor.shopId, 'caldav');
  const sealed = input.password !== undefined ? deps.box.seal(input.password) : (stored?.secretSealed ?? null);
  if (sealed === null) {
    throw new DomainError('validation_failed', 'Password needed', 'Give the app password for this calendar', {
      errors: [{ path: 'password', message: 'Give the app password for this calendar' }],
    });
  }
  return { provider: 'caldav' as const, target: input.url, account: input.username, secretSealed: sealed };
}

async function tryConnection(deps: SyncDeps, c: Pick<Connection, 'provider' | 'target' | 'account' | 'secretSealed'>) {
  try {
    await providerOf(c, providerDeps(deps)).check(AbortSignal.timeout(15_000));
    return { ok: true, message: 'Loupe reached the calendar and may write to it.' };
  } catch (err) {
    if (err instanceof SyncError) return { ok: false, message: err.message };
    throw err;
  }
}

/** Reaches the calendar with these settings without saving them. */
export async function testCalDav(deps: SyncDeps, actor: Actor, input: CalDavBody) {
  requireManager(actor);
  const c = await deps.db.tenant(actor.shopId, (tx) => caldavOf(tx, deps, actor, input));
  return tryConnection(deps, c);
}

/** Saves the CalDAV calendar and queues every due date and appointment for it. */
export function saveCalDav(deps: SyncDeps, actor: Actor, input: CalDavBody) {
  requireManager(actor);
  return deps.db.tenant(actor.shopId, async (tx) => {
    const c = await caldavOf(tx, deps, actor, input);
    await saveConnection(tx, { shopId: actor.shopId, ...c, state: 'active', lastError: null, lastErrorAt: null });
    await queueEverything(tx, actor.shopId, 'caldav');
    return viewIn(tx, deps, actor.shopId);
  });
}

export function disconnect(deps: SyncDeps, actor: Actor, provider: CalendarProviderName) {
  requireManager(actor);
  return deps.db.tenant(actor.shopId, async (tx) => {
    if (!(await connectionOf(tx, actor.shopId, provider))) throw notFound('Calendar connection');
    await dropConnection(tx, actor.shopId, provider);
  });
}

// Google.

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

function requireGoogle(deps: SyncDeps) {
  const p = providerDeps(deps);
  const missing = googleMissing(p.google);
  if (missing.length > 0) {
    const message = `The server has no Google client: set ${missing.join(' and ')} in its environment`;
    throw new DomainError('validation_failed', 'Google Calendar is not set up', message, { errors: [{ path: 'google', message }] });
  }
  return p;
}

/** Google's consent screen's address; the `state` it carries is kept (hashed) to recognise the way back. */
export function startGoogle(deps: SyncDeps, actor: Actor) {
  requireManager(actor);
  const p = requireGoogle(deps);
  return deps.db.tenant(actor.shopId, async (tx) => {
    const state = randomBytes(24).toString('base64url');
    const stored = await connectionOf(tx, actor.shopId, 'google');
    await saveConnection(tx, {
      shopId: actor.shopId,
      provider: 'google',
      state: stored?.state === 'active' ? 'active' : 'connecting',
      target: stored?.target ?? null,
      secretSealed: stored?.secretSealed ?? null,
      oauthStateHash: hash(state),
    });
    const client = oauthClient(p.google, googleRedirectUri(p.publicUrl), guardedFetch(p.guard, { timeoutMs: 15_000 }));
    return { url: client.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: googleScopes, state }) };
  });
}

/** Back from Google's consent screen: the code becomes a refresh token, sealed; everything is queued for the calendar. */
export async function finishGoogle(deps: SyncDeps, actor: Actor, query: { code?: string | undefined; state?: string | undefined; error?: string | undefined }) {
  requireManager(actor);
  const p = requireGoogle(deps);
  const stored = await deps.db.tenant(actor.shopId, (tx) => connectionOf(tx, actor.shopId, 'google'));
  // Another shop's (or an old) state: nothing of this shop's is waiting for it.
  if (!stored?.oauthStateHash || !query.state || stored.oauthStateHash !== hash(query.state)) throw notFound('Google connection');
  if (query.error || !query.code) return { ok: false, message: `Google did not connect: ${query.error ?? 'no code came back'}` };
  const client = oauthClient(p.google, googleRedirectUri(p.publicUrl), guardedFetch(p.guard, { timeoutMs: 15_000 }));
  let refreshToken: string | null | undefined;
  try {
    refreshToken = (await client.getToken(query.code)).tokens.refresh_token;
  } catch (err) {
    return { ok: false, message: googleFailure(err).message };
  }
  if (!refreshToken) return { ok: false, message: 'Google gave no lasting access: remove Loupe from your Google account’s connected apps and connect again' };
  const sealed = deps.box.seal(refreshToken);
  await deps.db.tenant(actor.shopId, async (tx) => {
    await saveConnection(tx, {
      shopId: actor.shopId,
      provider: 'google',
      state: 'active',
      target: stored.target ?? 'primary',
      secretSealed: sealed,
      oauthStateHash: null,
      lastError: null,
      lastErrorAt: null,
    });
    await queueEverything(tx, actor.shopId, 'google');
  });
  return { ok: true, message: 'Google Calendar connected' };
}

async function activeGoogle(deps: SyncDeps, actor: Actor) {
  const c = await deps.db.tenant(actor.shopId, (tx) => connectionOf(tx, actor.shopId, 'google'));
  if (!c?.secretSealed || c.state === 'connecting') throw notFound('Google connection');
  return c;
}

/** The Google calendars the connected account may write to. */
export async function googleCalendars(deps: SyncDeps, actor: Actor) {
  requireManager(actor);
  const c = await activeGoogle(deps, actor);
  const provider = providerOf(c, providerDeps(deps));
  try {
    return { items: (await provider.calendars?.(AbortSignal.timeout(15_000))) ?? [] };
  } catch (err) {
    const failure = googleFailure(err);
    throw new DomainError('validation_failed', 'Google refused', failure.message, { errors: [{ path: 'google', message: failure.message }] });
  }
}

/** Pushes to another of the account's calendars from now on: everything is queued for it. */
export async function chooseGoogleCalendar(deps: SyncDeps, actor: Actor, calendarId: string) {
  requireManager(actor);
  const c = await activeGoogle(deps, actor);
  return deps.db.tenant(actor.shopId, async (tx) => {
    await saveConnection(tx, { ...c, target: calendarId, updatedAt: new Date() });
    await queueEverything(tx, actor.shopId, 'google');
    return viewIn(tx, deps, actor.shopId);
  });
}

/**
 * "Sync now": every due date and appointment queued again for each active calendar, and every Loupe
 * event found there that Loupe has no row for queued too, so the sender removes what should not be
 * there. Running it twice leaves the same events.
 */
export async function syncNow(deps: SyncDeps, actor: Actor) {
  requireManager(actor);
  const connections = await deps.db.tenant(actor.shopId, (tx) => connectionsOf(tx, actor.shopId));
  const problems: string[] = [];
  let queued = 0;
  for (const c of connections.filter((x) => x.state === 'active')) {
    try {
      const found = await providerOf(c, providerDeps(deps)).list(AbortSignal.timeout(30_000));
      await deps.db.tenant(actor.shopId, (tx) =>
        queueSubjects(
          tx,
          actor.shopId,
          c.provider,
          found.map((f) => f.subject),
        ),
      );
    } catch (err) {
      if (!(err instanceof SyncError)) throw err;
      problems.push(`${c.provider === 'google' ? 'Google Calendar' : 'CalDAV'}: ${err.message}`);
    }
    queued += await deps.db.tenant(actor.shopId, (tx) => queueEverything(tx, actor.shopId, c.provider));
  }
  return { queued, problems };
}
