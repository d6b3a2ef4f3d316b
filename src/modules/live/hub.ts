import type { Database } from '../../db/client.js';

export interface JobChanged {
  shopId: string;
  kind: string;
  id: string;
}

type Listener = (event: Omit<JobChanged, 'shopId'>) => void;

/**
 * Fans the database's job-change announcements out to each shop's open screens. One LISTEN per
 * process, however many screens are open; a shop's listeners hear that shop's jobs only.
 */
export class LiveHub {
  private readonly byShop = new Map<string, Set<Listener>>();
  private stop: (() => Promise<void>) | undefined;

  async start(db: Database): Promise<void> {
    this.stop = await db.listen('loupe_jobs', (payload) => this.dispatch(payload));
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

  async close(): Promise<void> {
    await this.stop?.();
    this.byShop.clear();
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
