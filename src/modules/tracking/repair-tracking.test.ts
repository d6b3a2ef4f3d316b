import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Harry Thornton', email: 'harry@example.test' }));
});
afterAll(() => t.close());

async function quotedRepair() {
  const job = (
    await client.post('/api/v1/repairs', {
      customerId,
      itemType: 'ring',
      workLines: [
        { kind: 're_tip', description: 'Four claws', priceCents: 9_000 },
        { kind: 'polish', priceCents: 2_000 },
      ],
      conditionNotes: 'Internal: customer haggles',
    })
  ).json();
  await client.post(`/api/v1/repairs/${job.id}/stage`, { to: 'quoted' });
  return job as { id: string; reference: string; tracking: { code: string } };
}

describe('a repair on the tracking page', () => {
  it('shows the quote lines at quoted, in the repair pipeline’s words, with nothing internal', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.get(`/api/v1/track/${job.tracking.code}`);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ reference: job.reference, stage: 'quoted', stageLabel: 'Quote ready for you', progress: 30, canMessage: false });
    expect(view.steps.map((s: { label: string }) => s.label)).toEqual([
      'Booked in',
      'Assessed by our jeweller',
      'Quote ready for you',
      'Quote approved',
      'Being repaired',
      'Ready to collect',
      'Collected',
    ]);
    expect(view.quote.lines.map((l: { work: string }) => l.work)).toEqual(['Re-tip claws', 'Polish']);
    expect(view.quote.formatted).toBe('£110.00');
    expect(res.body).not.toContain('haggles');
    const page = await t.anonymous.get(`/track/${job.tracking.code}`);
    expect(page.body).toContain('Approve quote');
    expect(page.body).toContain('Re-tip claws');
  });

  it('approving the quote moves the repair to approved, in the history as the customer', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.post(`/api/v1/track/${job.tracking.code}/quote`, { decision: 'approved' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'approved', moved: true, view: { stage: 'approved', quote: null } });
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.stages.at(-1)).toMatchObject({
      stage: 'approved',
      fromStage: 'quoted',
      actor: null,
      actorLabel: 'Customer (via tracking link)',
      note: 'Quote approved by the customer',
    });
    const again = await t.anonymous.post(`/api/v1/track/${job.tracking.code}/quote`, { decision: 'declined' });
    expect(again.statusCode).toBe(409);
  });

  it('declining puts the repair on hold with the customer’s words, from the page’s own form', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.post(`/track/${job.tracking.code}/quote`, 'decision=declined&comment=Too+dear%2C+I+will+collect', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(303);
    const d = (await client.get(`/api/v1/repairs/${job.id}`)).json();
    expect(d.stage).toBe('on_hold');
    expect(d.heldFromStage).toBe('quoted');
    expect(d.stages.at(-1).note).toBe('Quote declined by the customer: Too dear, I will collect');
  });

  it('finds a repair by its R- reference and the customer’s surname', async () => {
    const job = await quotedRepair();
    const res = await t.anonymous.post('/api/v1/track/lookup', { reference: job.reference.toLowerCase(), verifier: 'thornton' });
    expect(res.statusCode).toBe(200);
    expect(res.json().reference).toBe(job.reference);
  });
});

it('prints a take-in slip and an envelope for a repair', async () => {
  const job = await quotedRepair();
  for (const doc of ['slip', 'envelope']) {
    const res = await client.get(`/api/v1/repairs/${job.id}/${doc}.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  }
  const other = await t.newShop('Elsewhere');
  expect((await other.client.get(`/api/v1/repairs/${job.id}/slip.pdf`)).statusCode).toBe(404);
});
