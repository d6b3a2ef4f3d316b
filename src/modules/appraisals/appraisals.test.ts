import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../testing/sql.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Imogen Ashby', email: 'imogen@example.test' }));
});
afterAll(() => t.close());

type Appraisal = { id: string; reference: string; stage: string; [k: string]: unknown };
const diamond = { kind: 'diamond', shape: 'old cut', carat: 0.45, colour: 'H', clarity: 'VS2', certificateLab: 'GIA', certificateNumber: '2141438171' };
const sapphire = { kind: 'sapphire', shape: 'oval', carat: 1.2 };

async function takeIn(body: Record<string, unknown> = {}): Promise<Appraisal> {
  const res = await client.post('/api/v1/appraisals', {
    customerId,
    itemType: 'ring',
    description: 'Edwardian cluster ring, sapphire centre',
    stones: [sapphire, diamond],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('taking in a piece for appraisal', () => {
  it('starts in requested with an A- reference, its own fields and its stones in order', async () => {
    const job = await takeIn({
      purpose: 'probate',
      metal: '18ct white gold',
      hallmarks: 'Birmingham 1912',
      weightGrams: 4.125,
      quotedCents: 9_500,
      dueDate: '2027-01-15',
    });
    expect(job).toMatchObject({
      kind: 'appraisal',
      reference: 'A-0001',
      stage: 'requested',
      stageLabel: 'Requested',
      progress: 10,
      title: 'Appraisal: Ring',
      itemType: 'ring',
      purpose: 'probate',
      metal: '18ct white gold',
      hallmarks: 'Birmingham 1912',
      weightGrams: 4.125,
      replacementValueCents: null,
      valuer: null,
      valuationDate: null,
      quotedCents: 9_500,
      balanceOwingCents: 9_500,
    });
    expect(job.stones).toEqual([
      { ...sapphire, colour: null, clarity: null, measurements: null, certificateLab: null, certificateNumber: null },
      { ...diamond, measurements: null },
    ]);
    const detail = (await client.get(`/api/v1/appraisals/${job.id}`)).json();
    expect(detail.stages.map((s: { stage: string }) => s.stage)).toEqual(['requested']);
  });

  it('defaults the purpose to an insurance replacement valuation', async () => {
    expect((await takeIn({ stones: undefined })).purpose).toBe('insurance_replacement');
  });

  it('refuses a missing description, an unknown purpose and a negative weight, naming each field', async () => {
    const res = await client.post('/api/v1/appraisals', { customerId, itemType: 'ring', purpose: 'curiosity', weightGrams: -1 });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['description', 'purpose', 'weightGrams']);
  });
});

describe('valuing it', () => {
  it('records the valuation and replaces the stones on edit, then walks to report_issued, queuing the ready message once', async () => {
    const job = await takeIn();
    const patched = await client.patch(`/api/v1/appraisals/${job.id}`, {
      replacementValueCents: 1_250_000,
      valuer: 'R. Penhaligon FGA',
      valuationDate: '2026-12-03',
      stones: [diamond],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ replacementValueCents: 1_250_000, valuer: 'R. Penhaligon FGA', valuationDate: '2026-12-03', version: 2 });
    expect(patched.json().stones).toHaveLength(1);
    for (const to of ['examining', 'valued', 'report_issued']) {
      expect((await client.post(`/api/v1/appraisals/${job.id}/stage`, { to })).json()).toMatchObject({ moved: true });
    }
    const again = (await client.post(`/api/v1/appraisals/${job.id}/stage`, { to: 'report_issued', from: 'valued' })).json();
    expect(again).toMatchObject({ moved: false, job: { stage: 'report_issued', stageLabel: 'Report issued', progress: 100 } });
    const queued = await rowsOf<{ topic: string; job_kind: string }>(t.db, sql`select topic, job_kind from outbox where job_id = ${job.id}`);
    expect(queued).toEqual([{ topic: 'customer_ready', job_kind: 'appraisal' }]);
  });

  it('answers a bad stage word with 422 invalid_stage "Invalid appraisal stage"', async () => {
    const job = await takeIn();
    const res = await client.post(`/api/v1/appraisals/${job.id}/stage`, { to: 'ready' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'invalid_stage', title: 'Invalid appraisal stage' });
  });

  it('is one of every pipeline on the hub, and another pipeline’s id is not an appraisal', async () => {
    const job = await takeIn({ dueDate: '2026-12-20' });
    const hub = (await client.get('/api/v1/jobs')).json().items as { id: string; kind: string; path: string }[];
    expect(hub.find((i) => i.id === job.id)).toMatchObject({ kind: 'appraisal', path: `/appraisals/${job.id}` });
    const repair = (await client.post('/api/v1/repairs', { customerId, itemType: 'ring', workLines: [{ kind: 'polish', priceCents: 1_000 }] })).json();
    expect((await client.get(`/api/v1/appraisals/${repair.id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/v1/repairs/${job.id}`)).statusCode).toBe(404);
  });
});
