import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { type CalendarProviderName, calendarConnections } from '../../db/schema/index.js';
import type { OutboundGuard } from '../../net/outbound-guard.js';
import type { SecretBox } from '../notifications/secret-box.js';
import { CalDavProvider } from './caldav.js';
import { type GoogleConfig, GoogleProvider, oauthClient } from './google.js';
import { guardedFetch } from './guarded-fetch.js';
import type { CalendarProvider } from './provider.js';

export type Connection = typeof calendarConnections.$inferSelect;

export async function connectionsOf(tx: Tx, shopId: string): Promise<Connection[]> {
  return tx.select().from(calendarConnections).where(eq(calendarConnections.shopId, shopId));
}

export async function connectionOf(tx: Tx, shopId: string, provider: CalendarProviderName): Promise<Connection | undefined> {
  const [row] = await tx
    .select()
    .from(calendarConnections)
    .where(and(eq(calendarConnections.shopId, shopId), eq(calendarConnections.provider, provider)));
  return row;
}

export async function saveConnection(tx: Tx, row: typeof calendarConnections.$inferInsert) {
  const { shopId: _shop, provider: _provider, ...rest } = row;
  await tx
    .insert(calendarConnections)
    .values(row)
    .onConflictDoUpdate({ target: [calendarConnections.shopId, calendarConnections.provider], set: { ...rest, updatedAt: new Date() } });
}

export async function dropConnection(tx: Tx, shopId: string, provider: CalendarProviderName) {
  await tx.execute(sql`delete from calendar_sync_queue where shop_id = ${shopId} and provider = ${provider}`);
  await tx.delete(calendarConnections).where(and(eq(calendarConnections.shopId, shopId), eq(calendarConnections.provider, provider)));
}

export interface ProviderDeps {
  box: SecretBox;
  guard: OutboundGuard;
  google: GoogleConfig;
  publicUrl: string;
}

/** Where Google sends the browser back after consent. */
export const googleRedirectUri = (publicUrl: string) => `${publicUrl}/api/v1/settings/calendar-sync/google/callback`;

/** The provider a connection speaks to, every call through the outbound guard within `timeoutMs`. */
export function providerOf(
  c: Pick<Connection, 'provider' | 'target' | 'account' | 'secretSealed'>,
  deps: ProviderDeps,
  timeoutMs = 15_000,
): CalendarProvider & {
  calendars?: GoogleProvider['calendars'];
} {
  const fetch = guardedFetch(deps.guard, { timeoutMs });
  const secret = c.secretSealed ? deps.box.open(c.secretSealed) : '';
  if (c.provider === 'caldav') return new CalDavProvider({ url: c.target ?? '', username: c.account ?? '', password: secret }, fetch);
  const client = oauthClient(deps.google, googleRedirectUri(deps.publicUrl), fetch);
  client.setCredentials({ refresh_token: secret });
  return new GoogleProvider(client, c.target ?? 'primary', deps.google.apiRoot);
}
