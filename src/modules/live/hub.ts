import type { Database, ListenState } from '../../db/client.js';
import { JOBS_CHANNEL, SESSIONS_CHANNEL } from './channels.js';

export interface JobChanged {
  shopId: string;
  kind: string;
  id: string;
}

export type JobEvent = Omit<JobChanged, 'shopId'>;
type Listener = (event: JobEvent) => void;

/** `idle`: not started (or closed); `listening`: announcements arrive; `reconnecting`: the database connection was lost. */
export type LiveState = 'idle' | ListenState;

export interface StreamLimits {
  /** Open streams one signed-in session may hold: a few browser tabs. */
  perSession: number;
  /** Open streams one shop may hold, all its staff together. */
  perShop: number;
  /** Open streams this process holds at most: each is a socket, and sockets are file descriptors. */
  perProcess: number;
}

export const defaultStreamLimits: StreamLimits = { perSession: 5, perShop: 100, perProcess: 1_000 };

/** Who a stream belongs to: its shop, and the session (by the id the database keeps: a hash of the token). */
export interface StreamOwner {
  shopId: string;
  sessionId: string;
}

/** An open stream as the hub sees it: it is told of its shop's job changes, and ended when it must be. */
export interface StreamSink {
  send(event: JobEvent): void;
  end(): void;
}

/** Why a stream was not admitted: a limit it would pass, or a session already ended. */
export type Refusal = 'session' | 'shop' | 'process' | 'ended';
export type Admission = { ok: true; release(): void } | { ok: false; refusal: Refusal };

interface Entry {
  owner: StreamOwner;
  sink: StreamSink;
  unsubscribe(): void;
}

/** How long an ended session is remembered, so a stream opened in a race with its sign-out is refused too. */
const ENDED_MEMORY_MS = 60_000;
const ENDED_MEMORY_MAX = 10_000;

/**
 * Fans the database's job-change announcements out to each shop's open screens. One LISTEN per
 * process, however many screens are open; a shop's listeners hear that shop's jobs only.
 *
 * It also holds the open streams, within limits per session, per shop and per process, and ends
 * them when they can no longer be trusted: every stream when the database connection is lost and
 * again when it is back (announcements in between are gone, so the screens reconnect and refetch),
 * and a session's streams when that session ends on any process (`loupe_sessions`).
 */
export class LiveHub {
  private readonly byShop = new Map<string, Set<Listener>>();
  private readonly streams = new Set<Entry>();
  private readonly streamsBySession = new Map<string, Set<Entry>>();
  private readonly streamsByShop = new Map<string, Set<Entry>>();
  private readonly ended = new Map<string, number>();
  private readonly sessionEndedListeners = new Set<(sessionId: string) => void>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  private stop: (() => Promise<void>) | undefined;
  private current: LiveState = 'idle';

  constructor(readonly limits: StreamLimits = defaultStreamLimits) {}

  get state(): LiveState {
    return this.current;
  }

  /** How many streams are open: in all, or one session's. */
  openStreams(sessionId?: string): number {
    return sessionId === undefined ? this.streams.size : (this.streamsBySession.get(sessionId)?.size ?? 0);
  }

  async start(db: Pick<Database, 'listen'>): Promise<void> {
    this.stop = await db.listen(
      {
        [JOBS_CHANNEL]: (payload) => this.dispatch(payload),
        [SESSIONS_CHANNEL]: (payload) => this.endSession(payload),
      },
      { onState: (state) => this.setState(state) },
    );
    this.setState('listening');
  }

  subscribe(shopId: string, listener: Listener): () => void {
    let set = this.byShop.get(shopId);
    if (!set) {
      set = new Set();
      this.byShop.set(shopId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byShop.delete(shopId);
    };
  }

  /** Hears every change of state (each loss, each recovery); the answer stops hearing. */
  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Hears each session ended anywhere (this process or another); the answer stops hearing. */
  onSessionEnded(listener: (sessionId: string) => void): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  /**
   * Admits a stream if its session, its shop and this process are all under their limits; the
   * caller releases it when the connection closes. A refused stream holds nothing.
   */
  open(owner: StreamOwner, sink: StreamSink): Admission {
    if (this.isEnded(owner.sessionId)) return { ok: false, refusal: 'ended' };
    if ((this.streamsBySession.get(owner.sessionId)?.size ?? 0) >= this.limits.perSession) return { ok: false, refusal: 'session' };
    if ((this.streamsByShop.get(owner.shopId)?.size ?? 0) >= this.limits.perShop) return { ok: false, refusal: 'shop' };
    if (this.streams.size >= this.limits.perProcess) return { ok: false, refusal: 'process' };
    const entry: Entry = { owner, sink, unsubscribe: this.subscribe(owner.shopId, (event) => sink.send(event)) };
    this.streams.add(entry);
    addTo(this.streamsBySession, owner.sessionId, entry);
    addTo(this.streamsByShop, owner.shopId, entry);
    return { ok: true, release: () => this.release(entry) };
  }

  /** Ends (and forgets) one session's streams in this process, and tells whoever listens for ended sessions. */
  endSession(sessionId: string): void {
    if (!sessionId) return;
    this.remember(sessionId);
    for (const entry of [...(this.streamsBySession.get(sessionId) ?? [])]) this.end(entry);
    for (const listener of this.sessionEndedListeners) listener(sessionId);
  }

  /** Ends every open stream; their browsers reconnect and refetch. */
  endAll(): void {
    for (const entry of [...this.streams]) this.end(entry);
  }

  async close(): Promise<void> {
    const stop = this.stop;
    this.stop = undefined;
    await stop?.();
    this.current = 'idle';
    this.endAll();
    this.byShop.clear();
  }

  private setState(state: LiveState) {
    if (state === this.current) return;
    const wasListening = this.current !== 'idle';
    this.current = state;
    // Lost: nothing more will arrive on these streams. Back: what was announced while cut is gone.
    // Either way the screens must reconnect and refetch, so every stream is ended.
    if (wasListening) this.endAll();
    for (const listener of this.stateListeners) listener(state);
  }

  private end(entry: Entry) {
    if (!this.release(entry)) return;
    try {
      entry.sink.end();
    } catch {
      // A socket already gone has nothing left to end.
    }
  }

  /** Forgets a stream; false when it was already forgotten. */
  private release(entry: Entry): boolean {
    if (!this.streams.delete(entry)) return false;
    entry.unsubscribe();
    removeFrom(this.streamsBySession, entry.owner.sessionId, entry);
    removeFrom(this.streamsByShop, entry.owner.shopId, entry);
    return true;
  }

  private remember(sessionId: string) {
    const now = Date.now();
    if (this.ended.size >= ENDED_MEMORY_MAX) {
      for (const [id, until] of this.ended) if (until <= now) this.ended.delete(id);
      if (this.ended.size >= ENDED_MEMORY_MAX) this.ended.clear();
    }
    this.ended.set(sessionId, now + ENDED_MEMORY_MS);
  }

  private isEnded(sessionId: string): boolean {
    const until = this.ended.get(sessionId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.ended.delete(sessionId);
    return false;
  }

  private dispatch(payload: string) {
    let event: JobChanged;
    try {
      event = JSON.parse(payload) as JobChanged;
    } catch {
      return;
    }
    for (const listener of this.byShop.get(event.shopId) ?? []) listener({ kind: event.kind, id: event.id });
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
