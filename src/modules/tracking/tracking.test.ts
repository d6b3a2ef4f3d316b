import { randomBytes } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_HOLDER_LABEL } from '../../domain/tracking.js';
import type { TestApp } from '../../testing/test-app.js';
import { ORIGIN, testApp } from '../../testing/test-app.js';
import { attachmentDeps } from '../attachments/deps.js';
import { noisyJpeg, png } from '../attachments/fixtures.js';
import { uploadAttachments } from '../attachments/service.js';
import { bespokeStore } from '../bespoke/store.js';
import { channelAdapters } from '../notifications/channels/index.js';
import { OutboxSender } from '../notifications/sender.js';
import { MISS_MIN_MS } from './guard.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

type Shop = Awaited<ReturnType<TestApp['newShop']>>;
interface Job {
  id: string;
  reference: string;
  tracking: { code: string; url: string };
}

/** Each test guesses from its own address, so one test's misses do not spend another's budget. */
const addresses = (() => {
  let n = 1;
  return () => `10.0.${Math.floor(n / 250)}.${(n++ % 250) + 1}`;
})();

/** Surnames no other test uses: references repeat across shops, and so would a common surname. */
const surname = () =>
  `Quill${randomBytes(4)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)] ?? 'x')}`;

const customerCall = (address: string) => ({ remoteAddress: address, headers: { origin: ORIGIN } });
const track = (code: string, address = addresses()) => t.app.inject({ method: 'GET', url: `/api/v1/track/${code}`, ...customerCall(address) });
const lookup = (body: unknown, address = addresses()) =>
  t.app.inject({ method: 'POST', url: '/api/v1/track/lookup', payload: body as Record<string, string>, ...customerCall(address) });
const customerPost = (url: string, body: unknown, address = addresses()) =>
  t.app.inject({ method: 'POST', url, payload: body as Record<string, string>, ...customerCall(address) });
const form = (url: string, fields: Record<string, string>, address = addresses()) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    remoteAddress: address,
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
  });

async function upload(shop: Shop, jobId: string, caption: string, customerVisible: boolean, stage?: string, bytes?: Buffer) {
  const [made] = await uploadAttachments(
    attachmentDeps(t.deps),
    shop.actor,
    bespokeStore,
    jobId,
    [{ fileName: `${caption}.jpg`, bytes: bytes ?? (await png(640, 480)) }],
    {
      caption,
      customerVisible,
      ...(stage ? { stage } : {}),
    },
  );
  if (!made) throw new Error('upload made nothing');
  return made;
}

async function jobAt(shop: Shop, stages: readonly string[], customer: Record<string, unknown> = {}) {
  const c = (await shop.client.post('/api/v1/customers', { name: 'Grace Holloway', email: 'grace@example.test', postcode: 'N1 9GU', ...customer })).json();
  const res = await shop.client.post('/api/v1/bespoke', {
    title: 'Oval sapphire halo ring',
    customerId: c.id,
    quotedCents: 420_000,
    dueDate: '2026-12-18',
    description: 'SECRET-DESCRIPTION: customer wants it before the proposal',
    notes: 'SECRET-NOTES: stone cost 1,900 from the dealer',
    metal: 'SECRET-METAL platinum',
    budgetCents: 500_000,
  });
  expect(res.statusCode, res.body).toBe(201);
  const job = res.json() as Job;
  for (const to of stages) expect((await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { to })).statusCode).toBe(200);
  return job;
}

/** Every key path in a JSON value: `shop.name`, `attachments[].url`, ... */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${prefix}[]`] : [...new Set(value.flatMap((v) => keyPaths(v, `${prefix}[]`)))];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const path = prefix ? `${prefix}.${k}` : k;
      return v !== null && typeof v === 'object' ? keyPaths(v, path) : [path];
    });
  }
  return [prefix];
}

const ALLOWED = new Set([
  'shop.name',
  'shop.phone',
  'shop.email',
  'shop.address',
  'shop.openingHours',
  'shop.logoUrl',
  'shop.locale',
  'shop.timeZone',
  'reference',
  'title',
  'stage',
  'stageLabel',
  'progress',
  'steps[].stage',
  'steps[].label',
  'steps[].state',
  'estimatedCompletion',
  'attachments[]',
  'attachments[].id',
  'attachments[].caption',
  'attachments[].stage',
  'attachments[].contentType',
  'attachments[].width',
  'attachments[].height',
  'attachments[].url',
  'attachments[].thumbnailUrl',
  'attachments[].createdAt',
  'balanceDue',
  'balanceDue.amountCents',
  'balanceDue.currency',
  'balanceDue.formatted',
  // A repair's quote (null for bespoke work) and whether the page takes messages.
  'quote',
  'quote.lines[]',
  'quote.lines[].work',
  'quote.lines[].description',
  'quote.lines[].formatted',
  'quote.totalCents',
  'quote.formatted',
  'canMessage',
  'approval',
  'approval.attachmentIds[]',
  'approval.decision',
  'approval.decision.decision',
  'approval.decision.comment',
  'approval.decision.at',
  'messages[]',
  'messages[].id',
  'messages[].from',
  'messages[].body',
  'messages[].at',
  'trackingUrl',
]);

const sameMiss = (res: LightMyRequestResponse) => {
  const { type, title, status, detail, code } = res.json();
  return { statusCode: res.statusCode, type, title, status, detail, code };
};

describe('what the customer sees', () => {
  it('lists only customer-visible attachments and no internal field', async () => {
    const shop = await t.newShop('Hatton & Daughters');
    await shop.client.patch('/api/v1/shop/contact', {
      phone: '020 7946 0000',
      email: 'hello@hatton.test',
      address: '12 Hatton Garden\nLondon EC1N 8JY',
      openingHours: 'Tue–Sat 10:00–17:30',
    });
    const job = await jobAt(shop, ['consultation', 'deposit_received']);
    await shop.client.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'deposit', amountCents: 120_000 });
    await shop.client.post(`/api/v1/bespoke/${job.id}/comments`, { body: 'SECRET-COMMENT: call the dealer' });
    const visible = await upload(shop, job.id, 'Your sapphire, front view', true);
    const hidden = await upload(shop, job.id, 'SECRET-PHOTO cost sheet', false);

    const res = await track(job.tracking.code);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    const unexpected = keyPaths(view).filter((k) => !ALLOWED.has(k));
    expect(unexpected).toEqual([]);
    expect(view.attachments.map((a: { id: string }) => a.id)).toEqual([visible.id]);
    expect(view.attachments[0].url).toMatch(/\/api\/v1\/files\/[0-9a-f-]+\/display\?expires=\d+&sig=/);
    expect(res.body).not.toContain(hidden.id);
    for (const secret of ['SECRET', 'Ada Hatton', 'grace@example.test', 'N1 9GU', '420000', '500000', 'budget', 'notes', 'description']) {
      expect(res.body).not.toContain(secret);
    }
    expect(view).toMatchObject({
      shop: { name: 'Hatton & Daughters', phone: '020 7946 0000', email: 'hello@hatton.test', openingHours: 'Tue–Sat 10:00–17:30' },
      reference: job.reference,
      title: 'Oval sapphire halo ring',
      stage: 'deposit_received',
      stageLabel: 'Deposit received',
      progress: 25,
      estimatedCompletion: '2026-12-18',
      balanceDue: { amountCents: 300_000, currency: 'GBP', formatted: '£3,000.00' },
      approval: null,
    });
    expect(view.steps.filter((s: { state: string }) => s.state === 'current')).toEqual([
      { stage: 'deposit_received', label: 'Deposit received', state: 'current' },
    ]);

    // The signed link opens the visible photo, and the hidden photo is refused even with a link of its own shape.
    const file = await t.app.inject({ method: 'GET', url: view.attachments[0].thumbnailUrl.replace(ORIGIN, '') });
    expect(file.statusCode).toBe(200);
    const forged = await t.app.inject({ method: 'GET', url: view.attachments[0].thumbnailUrl.replace(ORIGIN, '').replace(visible.id, hidden.id) });
    expect(forged.statusCode).toBe(404);

    // The shop can hide the balance.
    await shop.client.patch('/api/v1/settings/tracking', { showBalance: false });
    expect((await track(job.tracking.code)).json().balanceDue).toBeNull();
  });

  it('shows the customer the stages their piece went through and those ahead, not the ones it skipped', async () => {
    const shop = await t.newShop('Skipping Stones');
    // A plain band: no stones to source, no CAD, so no design to approve.
    const job = await jobAt(shop, ['deposit_received', 'setting']);
    const steps = (await track(job.tracking.code)).json().steps as { stage: string; state: string }[];
    expect(steps.map((s) => `${s.stage}:${s.state}`)).toEqual([
      'enquiry:done',
      'deposit_received:done',
      'setting:current',
      'polish:upcoming',
      'ready:upcoming',
      'collected:upcoming',
    ]);
    // Sent back to a stage it skipped: that stage is now one it went through.
    expect((await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'cad', note: 'Needs a CAD after all' })).statusCode).toBe(200);
    const again = (await track(job.tracking.code)).json().steps as { stage: string; state: string }[];
    expect(again.map((s) => `${s.stage}:${s.state}`)).toEqual([
      'enquiry:done',
      'deposit_received:done',
      'cad:current',
      'approval:upcoming',
      'setting:upcoming',
      'polish:upcoming',
      'ready:upcoming',
      'collected:upcoming',
    ]);
  });

  it('answers the same 404, after the same minimum time, for a wrong code, a wrong surname and another shop’s reference', async () => {
    const a = await t.newShop('Shop A');
    const b = await t.newShop('Shop B');
    const name = surname();
    const jobA = await jobAt(a, [], { name: `Grace ${name}` });
    const twin = await jobAt(b, [], { name: `Tom ${name}` }); // B-0001 in shop B too, same surname
    const onlyInB = await jobAt(b, [], { name: `Grace ${surname()}` }); // B-0002 exists in shop B only
    expect(twin.reference).toBe(jobA.reference);

    // Two shops' B-0001 for the same surname: only the shop's own form can tell them apart.
    expect((await lookup({ reference: jobA.reference, verifier: name })).statusCode).toBe(404);
    const ok = await lookup({ reference: jobA.reference.toLowerCase().replace('-', ' '), verifier: name.toLowerCase(), shop: a.shop.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().trackingUrl).toBe(jobA.tracking.url);

    const started = performance.now();
    const misses = [
      await track(randomBytes(18).toString('base64url')),
      await track('not-a-code'),
      await lookup({ reference: jobA.reference, verifier: 'Smith', shop: a.shop.id }),
      await lookup({ reference: onlyInB.reference, verifier: name, shop: a.shop.id }),
      await lookup({ reference: onlyInB.reference, verifier: name }),
      await lookup({ reference: 'B-9999', verifier: name }),
    ];
    const elapsed = performance.now() - started;
    const first = sameMiss(misses[0] as LightMyRequestResponse);
    expect(first).toMatchObject({ statusCode: 404, code: 'not_found' });
    for (const miss of misses) expect(sameMiss(miss)).toEqual(first);
    expect(elapsed).toBeGreaterThanOrEqual(misses.length * MISS_MIN_MS - 5);

    // By postcode when the shop asks for that; the surname then no longer works.
    await a.client.patch('/api/v1/settings/tracking', { verifier: 'postcode' });
    expect((await lookup({ reference: jobA.reference, verifier: 'n19gu', shop: a.shop.id })).statusCode).toBe(200);
    expect(sameMiss(await lookup({ reference: jobA.reference, verifier: name, shop: a.shop.id }))).toEqual(first);
  });

  it('refuses the 31st miss in a minute from one address, and only that address', async () => {
    const shop = await t.newShop();
    const job = await jobAt(shop, []);
    const address = addresses();
    const misses = await Promise.all(Array.from({ length: 30 }, () => track(randomBytes(18).toString('base64url'), address)));
    expect(misses.map((r) => r.statusCode)).toEqual(Array(30).fill(404));
    const limited = await track(randomBytes(18).toString('base64url'), address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even a right code waits out the minute from there; another address is unaffected.
    expect((await track(job.tracking.code, address)).statusCode).toBe(429);
    expect((await track(job.tracking.code)).statusCode).toBe(200);
    // The page counts against the same budget.
    expect((await t.app.inject({ method: 'GET', url: `/track/${job.tracking.code}`, remoteAddress: address })).statusCode).toBe(429);
  });

  it('refuses a customer write sent from another site', async () => {
    const shop = await t.newShop();
    const job = await jobAt(shop, []);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/track/${job.tracking.code}/messages`,
      payload: { body: 'hello' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('the shop’s tracking settings and contact details', () => {
  it('are read by any member of staff and changed by owners and managers only', async () => {
    const shop = await t.newShop('Bench & Loupe');
    const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
    await shop.client.post('/api/v1/staff', { name: 'Jo Bench', email, password: 'bench-staff-1', role: 'staff' });
    const signIn = await t.anonymous.post('/api/v1/session', { email, password: 'bench-staff-1' });
    const cookie = signIn.cookies.find((c) => c.name === 'loupe_session');
    const asStaff = { headers: { cookie: `loupe_session=${cookie?.value}`, origin: ORIGIN } };

    const defaults = await t.anonymous.get('/api/v1/settings/tracking', asStaff);
    expect(defaults.json()).toMatchObject({ verifier: 'surname', showBalance: true, approvalAdvances: false, terms: null });
    expect(defaults.json().defaultTerms).toContain('Please keep this slip');
    expect((await t.anonymous.request('PATCH', '/api/v1/settings/tracking', { ...asStaff, body: { showBalance: false } })).statusCode).toBe(403);
    expect((await t.anonymous.request('PATCH', '/api/v1/shop/contact', { ...asStaff, body: { phone: '1' } })).statusCode).toBe(403);

    const changed = await shop.client.patch('/api/v1/settings/tracking', { verifier: 'postcode', terms: 'Collect within 60 days.' });
    expect(changed.json()).toMatchObject({ verifier: 'postcode', terms: 'Collect within 60 days.' });
    expect((await shop.client.patch('/api/v1/settings/tracking', { verifier: 'birthday' })).statusCode).toBe(422);
    const contact = await shop.client.patch('/api/v1/shop/contact', { phone: '020 7946 0001', logoUrl: 'https://cdn.example.test/logo.png' });
    expect(contact.json()).toEqual({
      name: 'Bench & Loupe',
      phone: '020 7946 0001',
      email: null,
      address: null,
      openingHours: null,
      logoUrl: 'https://cdn.example.test/logo.png',
    });
    expect((await shop.client.patch('/api/v1/shop/contact', { logoUrl: 'javascript:alert(1)' })).statusCode).toBe(422);
    expect((await shop.client.patch('/api/v1/shop/contact', { phone: null })).json().phone).toBeNull();
  });
});

describe('design approval', () => {
  async function atApproval(shop: Shop) {
    const job = await jobAt(shop, ['consultation', 'deposit_received', 'cad']);
    const front = await upload(shop, job.id, 'Render: front', true);
    const side = await upload(shop, job.id, 'Render: side', true);
    await upload(shop, job.id, 'SECRET wax model', false);
    expect((await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { from: 'cad', to: 'approval' })).statusCode).toBe(200);
    return { job, renders: [front.id, side.id] };
  }

  const history = async (shop: Shop, jobId: string) =>
    (await shop.client.get(`/api/v1/bespoke/${jobId}`)).json().stages as {
      stage: string;
      fromStage: string;
      actor: unknown;
      actorLabel: string | null;
      note: string | null;
    }[];

  it('records an approval once per version of the renders, in the history, and tells the board live', async () => {
    const shop = await t.newShop();
    const { job, renders } = await atApproval(shop);
    const view = (await track(job.tracking.code)).json();
    expect(view.approval).toEqual({ attachmentIds: renders, decision: null });
    expect(view.stageLabel).toBe('Awaiting your approval');

    const heard: string[] = [];
    const stop = t.deps.live.subscribe(shop.shop.id, (e) => heard.push(e.id));
    const res = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision: 'approved', attachmentIds: [...renders].reverse() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      decision: 'approved',
      recorded: true,
      moved: false,
      view: { stage: 'approval', approval: { decision: { decision: 'approved' } } },
    });
    await expect.poll(() => heard.includes(job.id), { timeout: 3000 }).toBe(true);
    stop();

    const again = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, {
      decision: 'changes_requested',
      comment: 'Actually…',
      attachmentIds: renders,
    });
    expect(again.json()).toMatchObject({ recorded: false, moved: false, view: { stage: 'approval', approval: { decision: { decision: 'approved' } } } });

    const rows = await history(shop, job.id);
    expect(rows.at(-1)).toMatchObject({
      stage: 'approval',
      fromStage: 'approval',
      actor: null,
      actorLabel: LINK_HOLDER_LABEL,
      note: 'Design approved by the customer (2 renders)',
    });
    const reviews = (await shop.client.get(`/api/v1/bespoke/${job.id}/design-reviews`)).json().items;
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ decision: 'approved', actorLabel: LINK_HOLDER_LABEL, attachmentIds: [...renders].sort() });

    // A new render is a new version, with a decision of its own.
    const top = await upload(shop, job.id, 'Render: top', true, 'approval');
    const stale = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision: 'approved', attachmentIds: renders });
    expect(stale.statusCode).toBe(409);
    const fresh = (await track(job.tracking.code)).json();
    expect(fresh.approval).toEqual({ attachmentIds: [...renders, top.id], decision: null });
  });

  it('keeps one decision when the same version is decided from several tabs at once', async () => {
    const shop = await t.newShop();
    const { job, renders } = await atApproval(shop);
    const answers = await Promise.all(
      ['approved', 'approved', 'changes_requested', 'approved', 'changes_requested'].map((decision) =>
        customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision, comment: 'Thinner band', attachmentIds: renders }),
      ),
    );
    expect(answers.map((r) => r.statusCode).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(answers.filter((r) => r.statusCode === 200 && r.json().recorded === true)).toHaveLength(1);
    expect((await shop.client.get(`/api/v1/bespoke/${job.id}/design-reviews`)).json().items).toHaveLength(1);
    expect((await history(shop, job.id)).filter((h) => h.actorLabel === LINK_HOLDER_LABEL)).toHaveLength(1);
  });

  it('moves the job on to setting when the shop says approval does', async () => {
    const shop = await t.newShop();
    await shop.client.patch('/api/v1/settings/tracking', { approvalAdvances: true });
    const { job, renders } = await atApproval(shop);
    const res = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision: 'approved', attachmentIds: renders });
    expect(res.json()).toMatchObject({ recorded: true, moved: true, view: { stage: 'setting', approval: null } });
    expect((await history(shop, job.id)).at(-1)).toMatchObject({ stage: 'setting', fromStage: 'approval', actorLabel: LINK_HOLDER_LABEL });
  });

  it('sends the job back to CAD with the customer’s words when they ask for changes', async () => {
    const shop = await t.newShop();
    const { job, renders } = await atApproval(shop);
    const noComment = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision: 'changes_requested', attachmentIds: renders });
    expect(noComment.statusCode).toBe(422);
    const res = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, {
      decision: 'changes_requested',
      comment: 'Could the band be a little thinner?',
      attachmentIds: renders,
    });
    expect(res.json()).toMatchObject({ recorded: true, moved: true, view: { stage: 'cad', stageLabel: 'Design in progress' } });
    const detail = (await shop.client.get(`/api/v1/bespoke/${job.id}`)).json();
    expect(detail.stage).toBe('cad');
    expect(detail.stages.at(-1)).toMatchObject({
      stage: 'cad',
      fromStage: 'approval',
      actor: null,
      actorLabel: LINK_HOLDER_LABEL,
      note: 'Could the band be a little thinner?',
    });
    // No longer at approval: nothing more to decide.
    const late = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision: 'approved', attachmentIds: renders });
    expect(late.statusCode).toBe(409);
  });

  it('lets the customer decide again when the shop sends the same renders back for approval (they talked it over)', async () => {
    const shop = await t.newShop();
    const { job, renders } = await atApproval(shop);
    const asked = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, {
      decision: 'changes_requested',
      comment: 'Thinner?',
      attachmentIds: renders,
    });
    expect(asked.json()).toMatchObject({ recorded: true, moved: true });
    // The customer rings: they like it as it is after all. The shop sends the same renders back for approval.
    expect((await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { from: 'cad', to: 'approval' })).statusCode).toBe(200);
    expect((await track(job.tracking.code)).json().approval).toEqual({ attachmentIds: renders, decision: null });
    const approved = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision: 'approved', attachmentIds: renders });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ recorded: true, view: { stage: 'approval', approval: { decision: { decision: 'approved' } } } });
    // Still one decision per round: a second click in this round changes nothing.
    const twice = await customerPost(`/api/v1/track/${job.tracking.code}/approval`, { decision: 'changes_requested', comment: 'Hm', attachmentIds: renders });
    expect(twice.json()).toMatchObject({ recorded: false, view: { approval: { decision: { decision: 'approved' } } } });
    const reviews = (await shop.client.get(`/api/v1/bespoke/${job.id}/design-reviews`)).json().items;
    expect(reviews.map((r: { decision: string }) => r.decision)).toEqual(['changes_requested', 'approved']);
  });
});

describe('messages both ways', () => {
  it('brings the customer’s message to the job, unread, and the staff answer to the customer’s channel', async () => {
    const shop = await t.newShop('Ring Room');
    await shop.client.request('PUT', '/api/v1/settings/notifications', { body: { defaultChannel: 'preview' } });
    await shop.client.patch('/api/v1/shop/contact', { phone: '020 7946 0123' });
    const template = await shop.client.request('PUT', '/api/v1/settings/notifications/templates/staff_reply/preview', {
      body: { subject: 'About {{job.reference}}', body: '{{message.body}}\n\nCall us on {{shop.phone}} or answer at {{tracking.url}}' },
    });
    expect(template.statusCode, template.body).toBe(200);
    const job = await jobAt(shop, ['consultation']);
    const sent = await customerPost(`/api/v1/track/${job.tracking.code}/messages`, { body: 'Is the stone conflict-free?' });
    expect(sent.statusCode, sent.body).toBe(201);

    const list = (await shop.client.get(`/api/v1/bespoke/${job.id}/messages`)).json();
    expect(list).toMatchObject({ unread: 1, items: [{ direction: 'from_customer', body: 'Is the stone conflict-free?', author: null, readAt: null }] });
    expect((await shop.client.get('/api/v1/messages/unread')).json().items).toEqual([
      expect.objectContaining({ jobId: job.id, reference: job.reference, unread: 1 }),
    ]);

    const answer = await shop.client.post(`/api/v1/bespoke/${job.id}/messages`, { body: 'Yes: it comes with a Kimberley certificate.' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toMatchObject({ direction: 'from_staff', author: { name: 'Ada Hatton' } });
    const after = (await shop.client.get(`/api/v1/bespoke/${job.id}/messages`)).json();
    expect(after.unread).toBe(0);

    // The answer goes out through the outbox, rendered with the staff_reply template.
    t.clock.set(new Date());
    const sender = new OutboxSender(
      { db: t.db, box: t.deps.box, channels: channelAdapters('http://127.0.0.1:9'), config: { publicUrl: ORIGIN } },
      { workerId: 'tracking-test' },
    );
    await sender.drain();
    const log = (await shop.client.get(`/api/v1/bespoke/${job.id}`)).json().notifications as { event: string; status: string; body: string }[];
    const reply = log.find((m) => m.event === 'staff_reply');
    expect(reply).toMatchObject({ status: 'sent' });
    expect(reply?.body).toBe(`Yes: it comes with a Kimberley certificate.\n\nCall us on 020 7946 0123 or answer at ${job.tracking.url}`);

    // The customer sees both, and no staff name.
    const view = await track(job.tracking.code);
    expect(view.json().messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
      ['customer', 'Is the stone conflict-free?'],
      ['shop', 'Yes: it comes with a Kimberley certificate.'],
    ]);
    expect(view.body).not.toContain('Ada Hatton');

    // Another shop cannot read or answer this job's messages.
    const other = await t.newShop();
    expect((await other.client.get(`/api/v1/bespoke/${job.id}/messages`)).statusCode).toBe(404);
    expect((await other.client.post(`/api/v1/bespoke/${job.id}/messages`, { body: 'hi' })).statusCode).toBe(404);
  });
});

describe('the tracking page', () => {
  const page = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, remoteAddress: addresses(), headers });

  it('shows the stepper, the visible photos only and the balance, in under 100 KB on first load', async () => {
    const shop = await t.newShop();
    const job = await jobAt(shop, ['consultation', 'deposit_received', 'stone_sourcing']);
    // Camera-sized photos of noise: the worst case for JPEG, so the figure is an upper bound for real photos.
    const photo = await noisyJpeg(800, 600);
    for (const n of [1, 2, 3, 4, 5, 6]) await upload(shop, job.id, `Stone candidate ${n}`, true, undefined, photo);
    await upload(shop, job.id, 'SECRET dealer invoice', false);
    const res = await page(`/track/${job.tracking.code}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    // Asked as a phone's browser asks: these are the bytes that cross the wire.
    expect(res.headers['content-encoding']).toBe('br');
    const html = brotliDecompressSync(res.rawPayload).toString('utf8');
    expect(html).toContain('aria-current="step">Sourcing your stones<');
    for (const label of ['Enquiry received', 'Design consultation', 'Setting the stones', 'Ready to collect']) expect(html).toContain(label);
    expect(html).toContain('Stone candidate 6');
    expect(html).not.toContain('SECRET');
    expect(html).toContain('£4,200.00');
    expect(html).not.toMatch(/<script[^>]+src=/);

    // First load: the document as sent, and every image it shows (thumbnails; the big ones load on tap).
    const srcs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&').replace(ORIGIN, ''));
    expect(srcs).toHaveLength(6);
    const htmlBytes = res.rawPayload.length;
    let bytes = htmlBytes;
    for (const src of srcs) {
      const img = await t.app.inject({ method: 'GET', url: src, headers: { 'accept-encoding': 'gzip' } });
      expect(img.statusCode).toBe(200);
      bytes += img.rawPayload.length;
    }
    console.log(`tracking page first load: ${htmlBytes} B html (brotli, as sent) + ${bytes - htmlBytes} B images = ${bytes} B`);
    expect(bytes).toBeLessThan(100 * 1024);
  });

  it('gives the estimated completion while the work is under way, and not once the piece is ready or the job cancelled', async () => {
    const shop = await t.newShop();
    const working = await jobAt(shop, ['consultation']);
    expect((await page(`/track/${working.tracking.code}`)).body).toContain('Estimated completion: <strong>Fri, 18 December 2026</strong>');
    const ready = await jobAt(shop, ['ready']);
    const readyPage = (await page(`/track/${ready.tracking.code}`)).body;
    expect(readyPage).toContain('aria-current="step">Ready to collect<');
    expect(readyPage).not.toContain('Estimated completion');
    // The answer to an integration is unchanged: the date the shop set.
    expect((await track(ready.tracking.code)).json().estimatedCompletion).toBe('2026-12-18');
    const cancelled = await jobAt(shop, ['cancelled']);
    expect((await page(`/track/${cancelled.tracking.code}`)).body).not.toContain('Estimated completion');
  });

  it('asks no balance and shows no progress for a cancelled piece, and says paid in full once it is', async () => {
    const shop = await t.newShop();
    const cancelled = await jobAt(shop, ['cancelled']);
    expect((await track(cancelled.tracking.code)).json().balanceDue).toBeNull();
    const cancelledPage = (await page(`/track/${cancelled.tracking.code}`)).body;
    expect(cancelledPage).not.toContain('Balance due');
    // Nor a progress of nothing: the page says it was cancelled, without "0% complete" or steps never reached.
    expect(cancelledPage).toContain('This job was cancelled.');
    expect(cancelledPage).not.toContain('% complete');
    expect(cancelledPage).not.toContain('Where your piece is');
    const ready = await jobAt(shop, ['ready']);
    expect((await page(`/track/${ready.tracking.code}`)).body).toContain('Balance due on collection</h2><p class="money">£4,200.00');
    const paid = await shop.client.post(`/api/v1/bespoke/${ready.id}/payments`, { kind: 'payment', amountCents: 420_000, method: 'card' });
    expect(paid.statusCode, paid.body).toBe(201);
    const after = (await page(`/track/${ready.tracking.code}`)).body;
    expect(after).toContain('<p class="money">Paid in full</p>');
    expect(after).not.toContain('Balance due');
  });

  it('finds a piece from the form, approves and asks for changes without JavaScript', async () => {
    const shop = await t.newShop();
    const name = surname();
    const job = await jobAt(shop, ['consultation', 'deposit_received', 'cad'], { name: `Grace ${name}` });
    await upload(shop, job.id, 'Render: front', true);
    await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'approval' });

    expect((await page('/track')).body).toContain('name="verifier"');
    const found = await form('/track', { reference: job.reference, verifier: name, shop: shop.shop.id });
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toBe(`/track/${job.tracking.code}`);
    const missed = await form('/track', { reference: job.reference, verifier: 'Jones' });
    expect(missed.statusCode).toBe(404);
    expect(missed.body).toContain('We could not find a piece');

    const html = (await page(`/track/${job.tracking.code}`)).body;
    expect(html).toContain('Approve design');
    expect(html).toContain('Request changes');
    const ids = /name="attachmentIds" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const changed = await form(`/track/${job.tracking.code}/approval`, {
      decision: 'changes_requested',
      comment: 'A slimmer band, please',
      attachmentIds: ids,
    });
    expect(changed.statusCode).toBe(303);
    const back = (await shop.client.get(`/api/v1/bespoke/${job.id}`)).json();
    expect(back.stage).toBe('cad');
    expect(back.stages.at(-1).note).toBe('A slimmer band, please');

    // The same render sent back for approval can be approved, and the page then says so at its head.
    await shop.client.post(`/api/v1/bespoke/${job.id}/stage`, { from: 'cad', to: 'approval' });
    const again = (await page(`/track/${job.tracking.code}`)).body;
    expect(again).toContain('Approve design');
    expect(again).toContain('<p class="stage" id="stage">Awaiting your approval</p>');
    const approved = await form(`/track/${job.tracking.code}/approval`, { decision: 'approved', attachmentIds: ids });
    expect(approved.statusCode).toBe(303);
    expect((await page(`/track/${job.tracking.code}`)).body).toContain('<p class="stage" id="stage">Design approved</p>');

    const message = await form(`/track/${job.tracking.code}/messages`, { body: 'Thank you!' });
    expect(message.statusCode).toBe(303);
    expect((await page(`/track/${job.tracking.code}?done=sent`)).body).toContain('Thank you!');

    const unknown = await page(`/track/${randomBytes(18).toString('base64url')}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
  });
});
