import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.js';
import { type MediaEvent, MediaQueue } from './media-queue.js';

/** A job the test finishes when it chooses: the queue's order is then a matter of states, not of time. */
function held() {
  let release: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { done, release };
}

function recorder(queue: MediaQueue) {
  const events: MediaEvent[] = [];
  queue.observe((e) => events.push(e));
  const started = () => events.filter((e) => e.type === 'started').map((e) => e.label);
  return { events, started };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err;
}

describe('the media queue', () => {
  it('serves shops in turn: a shop with many files waiting does not keep the slot from another shop', async () => {
    const queue = new MediaQueue({ concurrency: 1 });
    const { started } = recorder(queue);
    const jobs = new Map<string, ReturnType<typeof held>>();
    const submit = (shop: string, label: string) => {
      const h = held();
      jobs.set(label, h);
      return queue.run(shop, label, () => h.done);
    };
    const all = [submit('A', 'a1'), submit('A', 'a2'), submit('A', 'a3'), submit('B', 'b1'), submit('C', 'c1'), submit('B', 'b2')];
    expect(started()).toEqual(['a1']);
    expect(queue.snapshot()).toMatchObject({ running: 1, waiting: 5, shops: { A: { running: 1, waiting: 2 }, B: { waiting: 2 }, C: { waiting: 1 } } });
    // Finish whatever runs, one at a time, and note the order the queue chose.
    for (let i = 0; i < 6; i++) {
      const running = started().at(-1) ?? '';
      jobs.get(running)?.release();
      await all[['a1', 'a2', 'a3', 'b1', 'c1', 'b2'].indexOf(running)];
    }
    await Promise.all(all);
    // FIFO would have been a1 a2 a3 b1 c1 b2.
    expect(started()).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(queue.snapshot()).toEqual({ running: 0, waiting: 0, shops: {} });
  });

  it('lets one shop hold only its share of the slots, so another shop starts at once', async () => {
    const queue = new MediaQueue({ concurrency: 2, perShopRunning: 1 });
    const { events } = recorder(queue);
    const a1 = held();
    const a2 = held();
    const b1 = held();
    const runs = [queue.run('A', 'a1', () => a1.done), queue.run('A', 'a2', () => a2.done)];
    expect(queue.snapshot().shops.A).toEqual({ running: 1, waiting: 1 });
    runs.push(queue.run('B', 'b1', () => b1.done));
    expect(events.find((e) => e.type === 'started' && e.label === 'b1')).toEqual({ type: 'started', shopId: 'B', label: 'b1', waitedBehind: 0 });
    expect(queue.snapshot()).toMatchObject({ running: 2, waiting: 1 });
    b1.release();
    await runs[2];
    // B's slot comes free, but A already holds its share: a2 waits for a1.
    expect(queue.snapshot().shops.A).toEqual({ running: 1, waiting: 1 });
    a1.release();
    await runs[0];
    expect(queue.snapshot().shops.A).toEqual({ running: 1, waiting: 0 });
    a2.release();
    await Promise.all(runs);
  });

  it('refuses a shop past its share of waiting jobs with 429 and a Retry-After, while another shop is still taken', async () => {
    const queue = new MediaQueue({ concurrency: 2, perShopRunning: 1, perShopQueued: 2 });
    const h = held();
    const runs = [queue.run('A', 'a1', () => h.done), queue.run('A', 'a2', () => h.done), queue.run('A', 'a3', () => h.done)];
    const err = await refusal(queue.run('A', 'a4', () => h.done));
    expect(err.code).toBe('rate_limited');
    expect(err.extra.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(err.detail).toMatch(/2 files waiting/);
    runs.push(queue.run('B', 'b1', () => Promise.resolve()));
    h.release();
    await Promise.all(runs);
  });

  it('refuses anyone with 503 server_busy when the whole queue is full', async () => {
    const queue = new MediaQueue({ concurrency: 1, perShopQueued: 5, maxQueued: 3 });
    const h = held();
    const runs = ['A', 'B', 'C', 'D'].map((shop) => queue.run(shop, shop, () => h.done));
    expect(queue.snapshot()).toMatchObject({ running: 1, waiting: 3 });
    const err = await refusal(queue.run('E', 'e1', () => h.done));
    expect(err.code).toBe('server_busy');
    expect(err.extra.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    h.release();
    await Promise.all(runs);
  });

  it('frees the slot of a job that fails, even one that throws before it starts its work', async () => {
    const queue = new MediaQueue({ concurrency: 1 });
    const { events } = recorder(queue);
    await expect(
      queue.run('A', 'boom', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(queue.run('A', 'bad', () => Promise.reject(new Error('bad')))).rejects.toThrow('bad');
    await expect(queue.run('A', 'ok', () => Promise.resolve(7))).resolves.toBe(7);
    expect(events.filter((e) => e.type === 'finished').map((e) => (e.type === 'finished' ? e.outcome : ''))).toEqual(['failed', 'failed', 'done']);
  });

  it('on close, refuses waiting jobs with 503 and tells running ones to stop', async () => {
    const queue = new MediaQueue({ concurrency: 1 });
    const running = queue.run('A', 'a1', (job) => new Promise<string>((resolve) => job.signal.addEventListener('abort', () => resolve('stopped'))));
    const waiting = queue.run('B', 'b1', () => Promise.resolve('ran'));
    queue.close();
    await expect(running).resolves.toBe('stopped');
    expect((await refusal(waiting)).code).toBe('server_busy');
    expect((await refusal(queue.run('C', 'c1', () => Promise.resolve()))).code).toBe('server_busy');
  });
});
