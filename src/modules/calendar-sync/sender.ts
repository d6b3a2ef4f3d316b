import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { CalendarProviderName, SyncSubjectKind } from '../../db/schema/index.js';
import { backoffMs, MAX_ATTEMPTS } from '../../domain/delivery.js';
import { connectionOf, type ProviderDeps, providerOf } from './connections.js';
import { desiredEvent } from './events.js';
import { type CalendarProvider, SyncError } from './provider.js';

export interface SyncSenderOptions {
  workerId?: string;
  batchSize?: number;
  /** How long a claim holds before another sender may take the row over. */
  leaseMs?: number;
  /** The most one push may take; at most half the lease, so no second sender takes over a push still under way. */
  deadlineMs?: number;
  pollMs?: number;
  backoffBaseMs?: number;
  maxAttempts?: number;
  /**
   * Called once the calendar has answered and before the outcome is recorded. Tests throw here to
   * stand for a sender killed at the worst moment: the row is left as claimed, not recorded.
   */
  afterPush?: (row: { subjectKind: SyncSubjectKind; subjectId: string; action: 'put' | 'delete' }) => void | Promise<void>;
}

export interface SyncSenderDeps extends ProviderDeps {
  db: Database;
}

interface Claimed {
  shop_id: string;
  provider: CalendarProviderName;
  subject_kind: SyncSubjectKind;
  subject_id: string;
  attempts: number;
  claimed_generation: number;
}

/** A hook's throw: the process "dies" there, so nothing after it runs and nothing is recorded. */
class Killed extends Error {}

/**
 * Drains the calendar outbox: claims due rows (FOR UPDATE SKIP LOCKED, with a lease), makes each
 * record's remote event match the record now (PUT or DELETE under an id derived from the record's, so
 * a push repeated after a crash overwrites rather than duplicates), and records the outcome on the row
 * only while it still holds it; a change that arrived meanwhile sends the row round again.
 */
export class CalendarSyncSender {
  readonly workerId: string;
  private readonly o: Required<Omit<SyncSenderOptions, 'workerId' | 'afterPush'>>;
  private readonly afterPush: SyncSenderOptions['afterPush'];
  private readonly providers = new Map<string, CalendarProvider>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: SyncSenderDeps,
    options: SyncSenderOptions = {},
  ) {
    this.workerId = options.workerId ?? `calendar-${process.pid}-${randomUUID().slice(0, 8)}`;
    const leaseMs = options.leaseMs ?? 60_000;
    const deadlineMs = options.deadlineMs ?? Math.min(20_000, leaseMs / 2);
    if (!(deadlineMs > 0 && deadlineMs <= leaseMs / 2)) throw new Error(`the push deadline (${deadlineMs} ms) must be at most half the lease (${leaseMs} ms)`);
    this.o = {
      batchSize: options.batchSize ?? 10,
      leaseMs,
      deadlineMs,
      pollMs: options.pollMs ?? 1_000,
      backoffBaseMs: options.backoffBaseMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    };
    this.afterPush = options.afterPush;
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.drain().then(
        () => undefined,
        (err: unknown) => console.error('calendar sync:', err instanceof Error ? err.message : err),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Pushes everything due now; answers how many rows it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return handled;
      // One record at a time per shop and provider keeps a calendar's requests in order and gentle.
      for (const row of batch) await this.push(row);
      handled += batch.length;
      if (this.stopped) return handled;
    }
  }

  private async claim(): Promise<Claimed[]> {
    const res = await this.deps.db.raw.execute(sql`
      update calendar_sync_queue q
      set status = 'sending', attempts = q.attempts + 1, claimed_by = ${this.workerId}, claimed_generation = q.generation,
          lease_until = now() + make_interval(secs => ${this.o.leaseMs / 1000})
      from (
        select shop_id, provider, subject_kind, subject_id from calendar_sync_queue e
        where ((e.status = 'pending' and e.available_at <= now()) or (e.status = 'sending' and e.lease_until < now()))
          and exists (select 1 from calendar_connections c where c.shop_id = e.shop_id and c.provider = e.provider and c.state = 'active')
        order by e.available_at
        limit ${this.o.batchSize}
        for update skip locked) pick
      where q.shop_id = pick.shop_id and q.provider = pick.provider and q.subject_kind = pick.subject_kind and q.subject_id = pick.subject_id
      returning q.shop_id, q.provider, q.subject_kind, q.subject_id, q.attempts, q.claimed_generation`);
    return (res as unknown as { rows: Claimed[] }).rows.map((r) => ({ ...r, attempts: Number(r.attempts), claimed_generation: Number(r.claimed_generation) }));
  }

  private async providerFor(row: Claimed): Promise<CalendarProvider | null> {
    const c = await this.deps.db.tenant(row.shop_id, (tx) => connectionOf(tx, row.shop_id, row.provider));
    if (c?.state !== 'active') return null;
    // Kept while the connection is unchanged: Google's access token lives in its client until it expires.
    const key = `${c.shopId}:${c.provider}:${c.target}:${c.account}:${c.secretSealed}`;
    let provider = this.providers.get(key);
    if (!provider) {
      provider = providerOf(c, this.deps, this.o.deadlineMs);
      this.providers.set(key, provider);
    }
    return provider;
  }

  private async push(row: Claimed): Promise<void> {
    const subject = { kind: row.subject_kind, id: row.subject_id };
    const signal = AbortSignal.timeout(this.o.deadlineMs);
    let action: 'put' | 'delete' = 'put';
    try {
      const provider = await this.providerFor(row);
      if (!provider) return await this.release(row);
      const event = await this.deps.db.tenant(row.shop_id, (tx) => desiredEvent(tx, row.shop_id, subject, this.deps.publicUrl));
      if (event) await provider.put(event, signal);
      else {
        action = 'delete';
        await provider.remove(subject, signal);
      }
      try {
        await this.afterPush?.({ subjectKind: row.subject_kind, subjectId: row.subject_id, action });
      } catch (err) {
        throw new Killed(err instanceof Error ? err.message : String(err));
      }
    } catch (err) {
      if (err instanceof Killed) throw err;
      const failure =
        err instanceof SyncError
          ? err
          : signal.aborted
            ? new SyncError(`The calendar took longer than ${Math.round(this.o.deadlineMs / 1000)} seconds, so Loupe stopped this try`)
            : new SyncError(`Loupe could not push the event: ${err instanceof Error ? err.message : String(err)}`);
      return this.fail(row, failure);
    }
    await this.done(row, action);
  }

  private mine(row: Claimed) {
    return sql`shop_id = ${row.shop_id} and provider = ${row.provider} and subject_kind = ${row.subject_kind} and subject_id = ${row.subject_id}
      and claimed_by = ${this.workerId} and status = 'sending'`;
  }

  private async done(row: Claimed, action: 'put' | 'delete') {
    // A change that landed while this push was under way bumped the generation: the row goes round again.
    await this.deps.db.raw.execute(sql`
      update calendar_sync_queue
      set status = case when generation = claimed_generation then 'done' else 'pending' end,
          attempts = case when generation = claimed_generation then attempts else 0 end,
          available_at = now(), done_at = now(), last_action = ${action}, last_error = null, lease_until = null, claimed_by = null
      where ${this.mine(row)}`);
    await this.deps.db.raw.execute(sql`
      update calendar_connections set last_synced_at = now(), last_error = null, last_error_at = null
      where shop_id = ${row.shop_id} and provider = ${row.provider}`);
  }

  /** The connection went away or stopped while the row waited: back to the queue, untouched, for when it is active again. */
  private async release(row: Claimed) {
    await this.deps.db.raw.execute(sql`
      update calendar_sync_queue set status = 'pending', attempts = greatest(attempts - 1, 0), lease_until = null, claimed_by = null
      where ${this.mine(row)}`);
  }

  private async fail(row: Claimed, err: SyncError) {
    const { permanent = false, revoked = false } = err.options;
    const dead = !revoked && (permanent || row.attempts >= this.o.maxAttempts);
    const reason = dead && !permanent ? `Gave up after ${row.attempts} attempts. The last one: ${err.message}` : err.message;
    const retryInMs = revoked ? 0 : backoffMs(row.attempts, this.o.backoffBaseMs);
    await this.deps.db.raw.execute(sql`
      update calendar_sync_queue
      set status = ${dead ? 'dead' : 'pending'}, last_error = ${reason}, lease_until = null, claimed_by = null,
          attempts = ${revoked ? 0 : row.attempts},
          available_at = now() + make_interval(secs => ${retryInMs / 1000})
      where ${this.mine(row)}`);
    // A withdrawn grant stops the connection: its rows wait until it is made again, and the settings page says why.
    await this.deps.db.raw.execute(sql`
      update calendar_connections
      set last_error = ${reason}, last_error_at = now(), state = case when ${revoked} then 'revoked' else state end
      where shop_id = ${row.shop_id} and provider = ${row.provider}`);
  }
}
