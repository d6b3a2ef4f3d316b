import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allStages } from '../../domain/pipeline.js';
import { mainLine, pipelinesUnderTest } from '../../testing/pipelines.js';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';

/**
 * The stage-move rules, through the API, for every pipeline: one engine moves bespoke work and
 * repairs alike, so one set of tests holds both to it. Stages are named by their place in each
 * pipeline's definition, never by their words.
 */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Grace Holloway', email: 'grace@example.test' }));
});
afterAll(() => t.close());

interface Job {
  id: string;
  stage: string;
  version: number;
  [k: string]: unknown;
}
interface Entry {
  stage: string;
  fromStage: string | null;
  note: string | null;
  at: string;
}

describe.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))('%s stage moves', (_kind, p) => {
  const { def } = p;
  const line = mainLine(def);
  const progress = (stage: string) => def.progress[stage];

  async function newJob(): Promise<Job> {
    const res = await client.post(p.path, p.newJob(customerId));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const move = (id: string, body: Record<string, unknown>) => client.post(`${p.path}/${id}/stage`, body);
  const detail = async (id: string) => (await client.get(`${p.path}/${id}`)).json();
  const historyOf = async (id: string): Promise<Entry[]> => (await detail(id)).stages;
  const listed = async (qs: string) => ((await client.get(`${p.path}${qs}`)).json().items as Job[]).map((j) => j.id);
  const count = async (query: SQL) => (await rowsOf<{ n: number }>(t.db, query))[0]?.n ?? 0;
  const readyRows = (id: string) => count(sql`select count(*)::int as n from ${sql.identifier(p.historyTable)} where job_id = ${id} and stage = ${def.ready}`);
  const readyMessages = (id: string) =>
    count(sql`select count(*)::int as n from outbox where job_id = ${id} and job_kind = ${def.kind} and topic = 'customer_ready'`);

  it('skips forward, recording only the stages entered', async () => {
    const job = await newJob();
    const skipTo = line.at(2);
    const res = await move(job.id, { from: def.initial, to: skipTo });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ moved: true, job: { stage: skipTo, progress: progress(skipTo), version: 2 } });
    // On a short line the stage skipped to may already be the one before ready.
    const entered = [def.initial, ...new Set([skipTo, line.beforeReady]), def.ready];
    for (const [from, to] of entered.slice(1).map((to, i) => [entered[i], to])) await move(job.id, { from, to });
    const history = await historyOf(job.id);
    expect(history.map((s) => s.stage)).toEqual(entered);
    expect(history.map((s) => s.fromStage)).toEqual([null, ...entered.slice(0, -1)]);
  });

  it('moves back with the note saying why', async () => {
    const job = await newJob();
    const [back, forward] = [line.at(2), line.at(3)];
    await move(job.id, { to: forward });
    const res = await move(job.id, { from: forward, to: back, note: 'Customer wants a slimmer shank' });
    expect(res.json()).toMatchObject({ moved: true, job: { stage: back, progress: progress(back) } });
    const last = (await detail(job.id)).stages.at(-1);
    expect(last).toMatchObject({ stage: back, fromStage: forward, note: 'Customer wants a slimmer shank', actor: { name: 'Ada Hatton' } });
    expect(new Date(last.at).toISOString()).toBe(last.at);
  });

  it('steps out to on hold, showing the progress it had, and resumes at the stage it was in', async () => {
    const job = await newJob();
    const working = line.at(3);
    await move(job.id, { to: working });
    const held = await move(job.id, { from: working, to: def.hold, note: 'Waiting for the ring size' });
    expect(held.json()).toMatchObject({ moved: true, job: { stage: def.hold, heldFromStage: working, progress: progress(working) } });
    // Asked again, it stays held from where it was.
    const again = await move(job.id, { to: def.hold });
    expect(again.json()).toMatchObject({ moved: false, job: { stage: def.hold, heldFromStage: working } });
    expect(await listed(`?stage=${def.hold}`)).toContain(job.id);
    const resumed = await move(job.id, { from: def.hold, to: working });
    expect(resumed.json()).toMatchObject({ moved: true, job: { stage: working, heldFromStage: null, progress: progress(working) } });
    expect((await historyOf(job.id)).slice(-2)).toMatchObject([
      { stage: def.hold, fromStage: working, note: 'Waiting for the ring size' },
      { stage: working, fromStage: def.hold },
    ]);
  });

  it('cancels, leaving the active list for the archive, and can be revived', async () => {
    const job = await newJob();
    await move(job.id, { to: line.at(2) });
    const cancelled = await move(job.id, { from: line.at(2), to: line.cancelled, note: 'Customer changed their mind' });
    expect(cancelled.json()).toMatchObject({ moved: true, job: { stage: line.cancelled, progress: 0, heldFromStage: null } });
    expect(await listed('')).not.toContain(job.id);
    expect(await listed('?archived=true')).toContain(job.id);
    expect(await listed(`?stage=${line.cancelled}`)).toContain(job.id);
    const revived = await move(job.id, { from: line.cancelled, to: line.at(1) });
    expect(revived.json()).toMatchObject({ moved: true, job: { stage: line.at(1) } });
    expect(await listed('')).toContain(job.id);
    expect((await historyOf(job.id)).map((s) => s.stage)).toEqual([def.initial, line.at(2), line.cancelled, line.at(1)]);
  });

  it('is a quiet no-op when the job is already where it is asked to go, whatever `from` says', async () => {
    const job = await newJob();
    const there = line.late;
    await move(job.id, { to: there });
    const before = await detail(job.id);
    for (const body of [{ from: line.later, to: there }, { to: there }, { from: there, to: there }]) {
      const res = await move(job.id, body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ moved: false, job: { stage: there, version: before.version } });
    }
    expect(await detail(job.id)).toEqual(before);
  });

  it('answers 409 stage_conflict with the current stage when `from` is stale, and changes nothing', async () => {
    const job = await newJob();
    await move(job.id, { to: line.late });
    const before = await detail(job.id);
    for (const to of [line.later, def.ready, def.hold]) {
      const res = await move(job.id, { from: line.at(1), to });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'stage_conflict', status: 409, currentStage: line.late });
    }
    expect(await detail(job.id)).toEqual(before);
    expect(await readyMessages(job.id)).toBe(0);
  });

  it(`refuses any word that is not a ${def.noun} stage with "Invalid ${def.noun} stage", another pipeline's too`, async () => {
    const job = await newJob();
    const others = pipelinesUnderTest.flatMap((o) => allStages(o.def)).filter((w) => !allStages(def).includes(w));
    expect(others.length).toBeGreaterThan(0);
    for (const to of ['finished', def.labels[line.at(1)], ...others]) {
      const res = await move(job.id, { to });
      expect(res.statusCode, to).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_stage', title: `Invalid ${def.noun} stage`, status: 422 });
    }
    expect((await historyOf(job.id)).map((s) => s.stage)).toEqual([def.initial]);
  });

  it('queues exactly one customer-ready message per landed move to ready', async () => {
    const job = await newJob();
    await move(job.id, { to: line.beforeReady });
    await move(job.id, { from: line.beforeReady, to: def.ready });
    await move(job.id, { from: line.beforeReady, to: def.ready });
    await move(job.id, { to: def.ready });
    expect(await readyMessages(job.id)).toBe(1);
    const d = await detail(job.id);
    expect(d.notifications).toHaveLength(1);
    expect(d.notifications[0]).toMatchObject({ event: 'customer_ready', status: 'pending' });
    // Back and ready again is a second landed move: a second message, on purpose.
    await move(job.id, { from: def.ready, to: line.beforeReady, note: 'Found a scratch' });
    await move(job.id, { from: line.beforeReady, to: def.ready });
    expect(await readyMessages(job.id)).toBe(2);
  });

  it('twenty concurrent moves to ready: one lands, one history row, one message', async () => {
    const job = await newJob();
    await move(job.id, { to: line.beforeReady });
    const answers = await Promise.all(Array.from({ length: 20 }, () => move(job.id, { from: line.beforeReady, to: def.ready })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.json().moved === true)).toHaveLength(1);
    expect(answers.filter((a) => a.json().moved === false)).toHaveLength(19);
    expect(await readyRows(job.id)).toBe(1);
    expect(await readyMessages(job.id)).toBe(1);
  });

  it('concurrent moves of one job to different stages: one lands, every other one conflicts', async () => {
    const job = await newJob();
    const targets = def.stages.slice(1, line.readyAt + 1);
    const answers = await Promise.all(targets.map((to) => move(job.id, { from: def.initial, to })));
    const landed = answers.filter((a) => a.statusCode === 200 && a.json().moved === true);
    expect(landed).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(targets.length - 1);
    const winner: string = landed[0]?.json().job.stage;
    const d = await detail(job.id);
    expect(d.stage).toBe(winner);
    expect(d.stages.map((s: Entry) => s.stage)).toEqual([def.initial, winner]);
    expect(await readyMessages(job.id)).toBe(winner === def.ready ? 1 : 0);
  });
});
