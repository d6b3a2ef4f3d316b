import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../testing/sql.js';
import { type TestApp, testApp } from '../../testing/test-app.js';
import { pipelines } from '../jobs/registry.js';
import { reportPipeline } from './figures.js';

/** The per-job rollup (report_jobs): written with each move, and reading the pipelines as they are defined. */
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('the reports rollup', () => {
  it('holds each pipeline as its definition says', async () => {
    const rows = await rowsOf<Record<string, unknown>>(t.db, sql`select * from report_pipelines order by kind`);
    const expected = pipelines.map(reportPipeline).map((p) => ({
      kind: p.kind,
      start_stages: p.startStages,
      ready: p.ready,
      hold: p.hold,
      collected: p.collected,
      design_stage: p.iteration?.stage ?? null,
      review_stage: p.iteration?.reviewStage ?? null,
      before_review: p.iteration ? p.def.stages.slice(0, p.iteration.reviewIndex) : [],
    }));
    expect(rows).toEqual(expected.sort((a, b) => a.kind.localeCompare(b.kind)));
  });

  it('shows a move in the reports as soon as it lands (the rollup is written in the move’s own transaction)', async () => {
    const { client } = await t.newShop();
    const cycleJobs = async () => {
      const res = await client.get('/api/v1/reports?from=2026-11-01&to=2026-11-30');
      const cycle = (res.json().figures as { id: string; rows: { pipeline: string; jobs: number }[] }[]).find((f) => f.id === 'cycle');
      return cycle?.rows.find((r) => r.pipeline === 'Bespoke')?.jobs;
    };
    const customerId = (await client.post('/api/v1/customers', { name: 'Rollup Customer' })).json().id as string;
    t.clock.set(new Date('2026-11-03T10:00:00Z'));
    const id = (await client.post('/api/v1/bespoke', { customerId, title: 'Rollup ring' })).json().id as string;
    await client.post(`/api/v1/bespoke/${id}/stage`, { to: 'deposit_received' });
    t.clock.set(new Date('2026-11-06T10:00:00Z'));
    expect(await cycleJobs()).toBe(0);
    expect((await client.post(`/api/v1/bespoke/${id}/stage`, { to: 'ready' })).json().moved).toBe(true);
    expect(await cycleJobs()).toBe(1);
  });

  it('counts each move on its day in the shop’s time zone, and counts again when the zone changes', async () => {
    const { client } = await t.newShop();
    expect((await client.patch('/api/v1/shop', { timeZone: 'Europe/London' })).statusCode).toBe(200);
    const customerId = (await client.post('/api/v1/customers', { name: 'Zone Customer' })).json().id as string;
    t.clock.set(new Date('2026-10-20T12:00:00Z'));
    const id = (await client.post('/api/v1/bespoke', { customerId, title: 'Zone ring' })).json().id as string;
    // 02:00 on Monday 2 November in London is 21:00 on Sunday 1 November in New York.
    t.clock.set(new Date('2026-11-02T02:00:00Z'));
    await client.post(`/api/v1/bespoke/${id}/stage`, { to: 'consultation' });
    const weekOfMove = async () => {
      const res = await client.get('/api/v1/reports?from=2026-10-26&to=2026-11-08');
      const rows = (res.json().figures as { id: string; rows: { week: string; stageKey: string; entered: number }[] }[]).find(
        (f) => f.id === 'throughput',
      )?.rows;
      return rows?.filter((r) => r.stageKey === 'consultation').map((r) => [r.week, r.entered]);
    };
    expect(await weekOfMove()).toEqual([['2026-11-02', 1]]);
    expect((await client.patch('/api/v1/shop', { timeZone: 'America/New_York' })).statusCode).toBe(200);
    expect(await weekOfMove()).toEqual([['2026-10-26', 1]]);
  });

  it('reads a due date changed after the piece was ready: on time becomes late, and back', async () => {
    const { client } = await t.newShop();
    const customerId = (await client.post('/api/v1/customers', { name: 'Due Customer' })).json().id as string;
    t.clock.set(new Date('2026-11-03T10:00:00Z'));
    const id = (await client.post('/api/v1/bespoke', { customerId, title: 'Due ring', dueDate: '2026-11-20' })).json().id as string;
    await client.post(`/api/v1/bespoke/${id}/stage`, { to: 'deposit_received' });
    t.clock.set(new Date('2026-11-10T10:00:00Z'));
    expect((await client.post(`/api/v1/bespoke/${id}/stage`, { to: 'ready' })).json().moved).toBe(true);
    const onTime = async () => {
      const res = await client.get('/api/v1/reports?from=2026-11-01&to=2026-11-30');
      const figure = (res.json().figures as { id: string; rows: { pipeline: string; jobs: number; onTime: number; late: number }[] }[]).find(
        (f) => f.id === 'on_time',
      );
      const row = figure?.rows.find((r) => r.pipeline === 'Bespoke');
      return row && { jobs: row.jobs, onTime: row.onTime, late: row.late };
    };
    expect(await onTime()).toEqual({ jobs: 1, onTime: 1, late: 0 });
    expect((await client.patch(`/api/v1/bespoke/${id}`, { dueDate: '2026-11-09' })).statusCode).toBe(200);
    expect(await onTime()).toEqual({ jobs: 1, onTime: 0, late: 1 });
    expect((await client.patch(`/api/v1/bespoke/${id}`, { dueDate: null })).statusCode).toBe(200);
    expect(await onTime()).toEqual({ jobs: 0, onTime: 0, late: 0 });
  });
});
