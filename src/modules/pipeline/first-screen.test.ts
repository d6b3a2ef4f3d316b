import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';
import { pipelines } from '../jobs/registry.js';

/**
 * The board's first screen, for every pipeline: each active column's count and money, and its first
 * cards in the kanban's order, agreeing with the whole board read the kanban's way.
 */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Grace Holloway', email: 'grace@example.test' }));
});
afterAll(() => t.close());

interface Card {
  id: string;
  stage: string;
  due?: string;
  quoted?: number;
  final?: number;
  [k: string]: unknown;
}

interface FirstScreen {
  columns: { stage: string; count: number; cents: number }[];
  items: Card[];
}

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('%s board, first screen', (kind, p) => {
  const store = pipelines.find((e) => e.kind === kind)?.store;
  // The card field that puts a card on top (a rush repair), if the pipeline has one.
  const urgentKey = Object.entries(store?.cardColumns ?? {}).find(([, column]) => column === store?.urgent)?.[0];
  const PER = 2;

  /** What the kanban draws first from the whole board: the urgent, then the soonest due (none last), then the board's order (newest first). */
  function expectedFrom(board: Card[]): FirstScreen {
    const urgent = (c: Card) => (urgentKey ? c[urgentKey] === true : false);
    const byStage = new Map<string, Card[]>();
    for (const c of board) byStage.set(c.stage, [...(byStage.get(c.stage) ?? []), c]);
    const columns = [...byStage].map(([stage, cards]) => ({ stage, count: cards.length, cents: cards.reduce((s, c) => s + (c.final ?? c.quoted ?? 0), 0) }));
    const items = [...byStage.values()].flatMap((cards) =>
      [...cards]
        .sort((a, b) => {
          if (urgent(a) !== urgent(b)) return urgent(a) ? -1 : 1;
          if (a.due === b.due) return 0;
          if (a.due === undefined) return 1;
          if (b.due === undefined) return -1;
          return a.due < b.due ? -1 : 1;
        })
        .slice(0, PER),
    );
    return { columns, items };
  }

  const bySomeOrder = (s: FirstScreen) => ({
    columns: [...s.columns].sort((a, b) => a.stage.localeCompare(b.stage)),
    items: [...s.items].sort((a, b) => a.id.localeCompare(b.id)),
  });

  it("answers each column's count and money, and its first cards in the kanban's order", async () => {
    const stages = [p.def.initial, ...p.def.stages.filter((s) => s !== p.def.initial && !p.def.archived.includes(s)).slice(0, 2), p.def.hold];
    const dues = ['2031-05-04', undefined, '2030-01-02', '2031-05-04', undefined, '2029-12-31', '2030-06-30'];
    for (let i = 0; i < 14; i++) {
      const body = {
        ...p.newJob(customerId),
        ...(dues[i % dues.length] ? { dueDate: dues[i % dues.length] } : {}),
        ...(urgentKey ? { [urgentKey]: i % 5 === 3 } : {}),
      };
      const job = (await client.post(p.path, body)).json();
      const to = stages[i % stages.length];
      if (to && to !== p.def.initial) expect((await client.post(`${p.path}/${job.id}/stage`, { to })).statusCode).toBe(200);
    }
    const board = (await client.get(`${p.path}/board`)).json().items as Card[];
    const res = await client.get(`${p.path}/board/first-screen?per=${PER}`);
    expect(res.statusCode, res.body).toBe(200);
    const screen = res.json() as FirstScreen;
    expect(bySomeOrder(screen)).toEqual(bySomeOrder(expectedFrom(board)));
    expect(screen.items.length).toBeLessThan(board.length);
    // The same cards as the board sends, field for field.
    for (const item of screen.items) expect(item).toEqual(board.find((c) => c.id === item.id));
  });

  it('answers 304 to its own ETag until something on the board changes', async () => {
    const first = await client.get(`${p.path}/board/first-screen`);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    expect((await client.get(`${p.path}/board/first-screen`, { headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    // Another length is another answer, with its own tag.
    const shorter = await client.get(`${p.path}/board/first-screen?per=1`, { headers: { 'if-none-match': etag } });
    expect(shorter.statusCode).toBe(200);
    const job = (await client.post(p.path, p.newJob(customerId))).json();
    const after = await client.get(`${p.path}/board/first-screen`, { headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect((after.json() as FirstScreen).items.map((c) => c.id)).toContain(job.id);
  });

  it('has nothing of another shop', async () => {
    const other = await t.newShop();
    const res = await other.client.get(`${p.path}/board/first-screen`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ columns: [], items: [] });
  });

  it.each(['0', '51', '2.5', 'many'])('refuses per=%s with a problem', async (per) => {
    const res = await client.get(`${p.path}/board/first-screen?per=${per}`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
