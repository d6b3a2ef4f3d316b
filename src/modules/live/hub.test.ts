import { describe, expect, it } from 'vitest';
import type { ListenHandlers, ListenOptions } from '../../db/client.js';
import { JOBS_CHANNEL, SESSIONS_CHANNEL } from './channels.js';
import { type JobEvent, LiveHub, type StreamSink } from './hub.js';

/** A database whose LISTEN connection the test drives: announcements, losses and recoveries on demand. */
class FakeListener {
  handlers: ListenHandlers = {};
  opts: ListenOptions = {};
  stopped = false;
  listen = async (handlers: ListenHandlers, opts: ListenOptions = {}) => {
    this.handlers = handlers;
    this.opts = opts;
    return async () => {
      this.stopped = true;
    };
  };
  notify(channel: string, payload: string) {
    this.handlers[channel]?.(payload);
  }
  state(state: 'listening' | 'reconnecting') {
    this.opts.onState?.(state);
  }
}

class Sink implements StreamSink {
  events: JobEvent[] = [];
  ended = 0;
  send(event: JobEvent) {
    this.events.push(event);
  }
  end() {
    this.ended += 1;
  }
}

async function started(limits = { perSession: 2, perShop: 3, perProcess: 4 }) {
  const db = new FakeListener();
  const hub = new LiveHub(limits);
  await hub.start(db);
  return { db, hub };
}

const job = (shopId: string, id: string) => JSON.stringify({ shopId, kind: 'bespoke', id });

describe('LiveHub', () => {
  it('admits streams up to each limit (session, then shop, then process), and a released slot is free again', async () => {
    const { hub } = await started();
    const open = (shopId: string, sessionId: string) => hub.open({ shopId, sessionId }, new Sink());

    const a1 = open('shop-a', 's1');
    expect(a1.ok).toBe(true);
    expect(open('shop-a', 's1').ok).toBe(true);
    expect(open('shop-a', 's1')).toEqual({ ok: false, refusal: 'session' });
    expect(open('shop-a', 's2').ok).toBe(true);
    expect(open('shop-a', 's3')).toEqual({ ok: false, refusal: 'shop' });
    expect(open('shop-b', 's4').ok).toBe(true);
    expect(open('shop-c', 's5')).toEqual({ ok: false, refusal: 'process' });
    expect(hub.openStreams()).toBe(4);

    if (!a1.ok) throw new Error('unreachable');
    a1.release();
    a1.release();
    expect(hub.openStreams()).toBe(3);
    expect(hub.openStreams('s1')).toBe(1);
    expect(open('shop-c', 's5').ok).toBe(true);
  });

  it("sends a shop's job changes to that shop's streams only", async () => {
    const { db, hub } = await started();
    const mine = new Sink();
    const theirs = new Sink();
    hub.open({ shopId: 'shop-a', sessionId: 's1' }, mine);
    hub.open({ shopId: 'shop-b', sessionId: 's2' }, theirs);
    db.notify(JOBS_CHANNEL, job('shop-a', 'j1'));
    db.notify(JOBS_CHANNEL, 'not json');
    expect(mine.events).toEqual([{ kind: 'bespoke', id: 'j1' }]);
    expect(theirs.events).toEqual([]);
  });

  it("ends an ended session's streams, tells who listens, and refuses that session a new stream", async () => {
    const { db, hub } = await started();
    const ended: string[] = [];
    hub.onSessionEnded((id) => ended.push(id));
    const gone = [new Sink(), new Sink()];
    for (const sink of gone) hub.open({ shopId: 'shop-a', sessionId: 's1' }, sink);
    const kept = new Sink();
    hub.open({ shopId: 'shop-a', sessionId: 's2' }, kept);

    db.notify(SESSIONS_CHANNEL, 's1');
    expect(gone.map((s) => s.ended)).toEqual([1, 1]);
    expect(kept.ended).toBe(0);
    expect(ended).toEqual(['s1']);
    expect(hub.openStreams('s1')).toBe(0);
    expect(hub.open({ shopId: 'shop-a', sessionId: 's1' }, new Sink())).toEqual({ ok: false, refusal: 'ended' });

    // An ended stream hears nothing more.
    db.notify(JOBS_CHANNEL, job('shop-a', 'j1'));
    expect(gone.map((s) => s.events.length)).toEqual([0, 0]);
    expect(kept.events).toHaveLength(1);
  });

  it('ends every stream when the connection is lost and again when it is back; the state follows', async () => {
    const { db, hub } = await started();
    const states: string[] = [];
    hub.onState((s) => states.push(s));
    expect(hub.state).toBe('listening');
    const before = new Sink();
    hub.open({ shopId: 'shop-a', sessionId: 's1' }, before);

    db.state('reconnecting');
    expect(hub.state).toBe('reconnecting');
    expect(before.ended).toBe(1);
    expect(hub.openStreams()).toBe(0);

    // A screen that reconnects while the database is away is admitted, but has missed announcements.
    const during = new Sink();
    expect(hub.open({ shopId: 'shop-a', sessionId: 's1' }, during).ok).toBe(true);
    db.state('listening');
    expect(hub.state).toBe('listening');
    expect(during.ended).toBe(1);
    expect(before.ended).toBe(1);
    expect(states).toEqual(['reconnecting', 'listening']);
  });

  it('closing stops listening, ends every stream and goes idle', async () => {
    const { db, hub } = await started();
    const sink = new Sink();
    hub.open({ shopId: 'shop-a', sessionId: 's1' }, sink);
    await hub.close();
    expect(db.stopped).toBe(true);
    expect(sink.ended).toBe(1);
    expect(hub.state).toBe('idle');
  });
});
