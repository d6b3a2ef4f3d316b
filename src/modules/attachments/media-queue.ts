import { DomainError } from '../../domain/errors.js';

/**
 * How much media work (PDF first pages, HEIC decoding, image resizing) the process takes on, and
 * how much any one file may cost. Held in memory, like the upload and sign-in limits.
 */
export interface MediaLimits {
  /** Jobs running at once, all shops together: each takes a core while it runs. */
  concurrency: number;
  /** Of those, the most one shop may hold, so another shop's upload always finds a free slot. */
  perShopRunning: number;
  /** Jobs one shop may have waiting for a slot; one more is 429 `rate_limited`. */
  perShopQueued: number;
  /** Jobs waiting in all; one more is 503 `server_busy`. */
  maxQueued: number;
  /** Wall time one PDF page or one image may take (a PDF's worker thread is then terminated); then the preview is a tile. */
  budgetMs: number;
  /** The same for a HEIC photo, decoded by libheif compiled to WASM: several times slower than libvips. */
  heicBudgetMs: number;
  /** Drawing operations (paths, text, images, shadings, clips) a PDF's first page may hold before it is not drawn at all. */
  maxPdfOperations: number;
  /** Decoded pixels an image may have; larger is refused (422) before anything is decoded. */
  maxPixels: number;
}

export const defaultMediaLimits: MediaLimits = {
  concurrency: 2,
  perShopRunning: 1,
  perShopQueued: 8,
  maxQueued: 64,
  budgetMs: 10_000,
  heicBudgetMs: 30_000,
  maxPdfOperations: 20_000,
  // Above a 61-megapixel camera (9504×6336) and a 50-megapixel phone (8160×6144).
  maxPixels: 64_000_000,
};

/** What happened to a job, for tests, logs and the benchmark. */
export type MediaEvent =
  | { type: 'queued'; shopId: string; label: string; waiting: number }
  | { type: 'started'; shopId: string; label: string; waitedBehind: number }
  | { type: 'finished'; shopId: string; label: string; ms: number; outcome: string };

export interface MediaSnapshot {
  running: number;
  waiting: number;
  shops: Record<string, { running: number; waiting: number }>;
}

/** Given to each task: aborted when the queue is closed, so a running task can stop its worker. */
export interface JobContext {
  signal: AbortSignal;
  /** Says how the job ended ('rendered', 'tile:budget', ...) in the `finished` event. */
  outcome(word: string): void;
}

interface Job {
  shopId: string;
  label: string;
  run: () => void;
  fail: (err: unknown) => void;
  /** Jobs started (of any shop) while this one waited. */
  passedBy: number;
  /** Order of arrival, to break ties between shops served equally long ago. */
  seq: number;
}

interface ShopLine {
  running: number;
  waiting: Job[];
  /** When this shop last had a job started (a counter, not a clock); 0: not while it has been in line. */
  lastServed: number;
}

const clamp = (s: number) => Math.max(1, Math.min(120, Math.ceil(s)));

/**
 * A bounded queue for media work with per-shop fairness. A shop holds at most `perShopRunning` of
 * the `concurrency` slots and at most `perShopQueued` waiting jobs; a free slot goes to the waiting
 * shop served longest ago (round-robin), so a shop uploading many (or hostile) files waits behind its
 * own files, never in front of another shop's. The budget of each job is kept by the task itself
 * (`off-thread.ts` terminates its worker; sharp stops at its timeout).
 */
export class MediaQueue {
  readonly limits: MediaLimits;
  private readonly shops = new Map<string, ShopLine>();
  private seq = 0;
  private starts = 0;
  private running = 0;
  private waiting = 0;
  private closed = false;
  /** Average job time, for the Retry-After estimate. */
  private averageMs = 2_000;
  private readonly listeners = new Set<(e: MediaEvent) => void>();
  private readonly controller = new AbortController();

  constructor(limits: Partial<MediaLimits> = {}) {
    const l = { ...defaultMediaLimits, ...limits };
    const concurrency = Math.max(1, Math.floor(l.concurrency));
    this.limits = { ...l, concurrency, perShopRunning: Math.max(1, Math.min(concurrency, Math.floor(l.perShopRunning))) };
  }

  /**
   * Runs `task` when a slot is free and it is this shop's turn, or refuses at once: 429 when the
   * shop's share of waiting jobs is used up, 503 when the whole queue is full.
   */
  run<T>(shopId: string, label: string, task: (job: JobContext) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.busy());
    const line = this.lineOf(shopId);
    const mustWait = this.running >= this.limits.concurrency || line.running >= this.limits.perShopRunning || line.waiting.length > 0;
    const refused = !mustWait ? null : this.refusal(line);
    if (refused) {
      this.forget(shopId);
      return Promise.reject(refused);
    }

    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        shopId,
        label,
        passedBy: 0,
        seq: ++this.seq,
        fail: reject,
        run: () => {
          const started = performance.now();
          let outcome = 'done';
          this.emit({ type: 'started', shopId, label, waitedBehind: job.passedBy });
          const context: JobContext = {
            signal: this.controller.signal,
            outcome: (word) => {
              outcome = word;
            },
          };
          let result: Promise<T>;
          try {
            result = task(context);
          } catch (err) {
            result = Promise.reject(err);
          }
          // The queue's books are kept before the caller hears the answer: what it sees next is already true.
          const finish = () => {
            const ms = performance.now() - started;
            this.averageMs = this.averageMs * 0.8 + ms * 0.2;
            this.running--;
            line.running--;
            this.emit({ type: 'finished', shopId, label, ms, outcome });
            this.dispatch();
            this.forget(shopId);
          };
          result.then(
            (value) => {
              finish();
              resolve(value);
            },
            (err: unknown) => {
              outcome = outcome === 'done' ? 'failed' : outcome;
              finish();
              reject(err);
            },
          );
        },
      };
      if (!mustWait) {
        this.start(job, line);
        return;
      }
      line.waiting.push(job);
      this.waiting++;
      this.emit({ type: 'queued', shopId, label, waiting: line.waiting.length });
    });
  }

  snapshot(): MediaSnapshot {
    const shops: MediaSnapshot['shops'] = {};
    for (const [id, l] of this.shops) shops[id] = { running: l.running, waiting: l.waiting.length };
    return { running: this.running, waiting: this.waiting, shops };
  }

  /** Hears every job queued, started and finished; answers the way to stop listening. */
  observe(listener: (e: MediaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Refuses new work and waiting jobs (503), and tells running ones to stop (their workers are terminated). */
  close(): void {
    this.closed = true;
    this.controller.abort();
    for (const line of this.shops.values()) for (const job of line.waiting.splice(0)) job.fail(this.busy());
    this.waiting = 0;
  }

  private start(job: Job, line: ShopLine) {
    this.running++;
    line.running++;
    line.lastServed = ++this.starts;
    for (const other of this.shops.values()) for (const w of other.waiting) w.passedBy++;
    job.run();
  }

  /** Fills free slots: each goes to the shop, of those that may run another job, served longest ago (then the one waiting longest). */
  private dispatch() {
    while (this.running < this.limits.concurrency) {
      let next: ShopLine | undefined;
      for (const line of this.shops.values()) {
        const first = line.waiting[0];
        if (!first || line.running >= this.limits.perShopRunning) continue;
        const best = next?.waiting[0];
        if (!next || !best || line.lastServed < next.lastServed || (line.lastServed === next.lastServed && first.seq < best.seq)) next = line;
      }
      const job = next?.waiting.shift();
      if (!next || !job) return;
      this.waiting--;
      this.start(job, next);
    }
  }

  private lineOf(shopId: string): ShopLine {
    let line = this.shops.get(shopId);
    if (!line) {
      line = { running: 0, waiting: [], lastServed: 0 };
      this.shops.set(shopId, line);
    }
    return line;
  }

  private forget(shopId: string) {
    const line = this.shops.get(shopId);
    if (line && line.running === 0 && line.waiting.length === 0) this.shops.delete(shopId);
  }

  private emit(e: MediaEvent) {
    for (const l of this.listeners) l(e);
  }

  /** 429 when the shop's share of waiting places is used up, 503 when the whole queue is full, else null. */
  private refusal(line: ShopLine): DomainError | null {
    if (line.waiting.length >= this.limits.perShopQueued) return this.shopFull(line);
    if (this.waiting >= this.limits.maxQueued) return this.busy();
    return null;
  }

  /** The shop's own files drain `perShopRunning` at a time: roughly when one of its places comes free. */
  private shopFull(line: ShopLine): DomainError {
    const retryAfterSeconds = clamp(((line.waiting.length / this.limits.perShopRunning) * this.averageMs) / 1000);
    return new DomainError(
      'rate_limited',
      'Too many files being processed',
      `Your shop already has ${line.waiting.length} files waiting to be processed; try again in about ${retryAfterSeconds} seconds.`,
      { retryAfterSeconds },
    );
  }

  private busy(): DomainError {
    const retryAfterSeconds = clamp(((this.waiting / this.limits.concurrency) * this.averageMs) / 1000);
    return new DomainError('server_busy', 'Server busy', `Loupe is processing many files just now; try again in about ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    });
  }
}

let shared: MediaQueue | undefined;

/** The process's queue: media work takes cores, and the cores are the process's, whichever app asks. */
export function sharedMediaQueue(): MediaQueue {
  shared ??= new MediaQueue();
  return shared;
}
