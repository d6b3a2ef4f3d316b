import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../db/client.js';
import { rowsOf } from '../testing/sql.js';
import type { Client, TestApp } from '../testing/test-app.js';
import { testApp } from '../testing/test-app.js';

/**
 * Two shops on one database. Shop B tries every door into shop A's data: through the API (each
 * answers 404, exactly as for a record that does not exist, and nothing of A's changes), and
 * underneath the application, inside B's tenant transaction with no shop filter at all (row-level
 * security hides, protects and refuses A's rows).
 */

let t: TestApp;
type Shop = Awaited<ReturnType<TestApp['newShop']>>;
let shopA: Shop;
let shopB: Shop;

interface Job {
  id: string;
  reference: string;
  title: string;
  stage: string;
  customer: { id: string };
}

/** A's records. */
const a = {
  customerId: '',
  customerName: 'Ottoline Vandersteen',
  customerEmail: 'ottoline.vandersteen@example.test',
  customerPhone: '+447400417417',
  job: undefined as unknown as Job,
  archivedJob: undefined as unknown as Job,
};
/** B's records, so that every RLS check also shows B still sees its own rows. */
const b = { customerId: '', job: undefined as unknown as Job };

const ok = (res: LightMyRequestResponse, status = 200) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

async function populate(shop: Shop, customer: { name: string; email: string; phone: string }, title: string) {
  const c = shop.client;
  const customerId: string = ok(await c.post('/api/v1/customers', customer), 201).id;
  const job: Job = ok(await c.post('/api/v1/bespoke', { title, customerId, quotedCents: 480_000, dueDate: '2027-02-14', notes: 'Private note' }), 201);
  ok(await c.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'consultation' }));
  ok(await c.post(`/api/v1/bespoke/${job.id}/payments`, { kind: 'deposit', amountCents: 120_000, method: 'card' }), 201);
  ok(await c.post(`/api/v1/bespoke/${job.id}/stage`, { to: 'cad', from: 'consultation' }));
  ok(await c.post(`/api/v1/bespoke/${job.id}/comments`, { body: 'Customer prefers a knife-edge band' }), 201);
  // A second job walked to ready (one outbox row) and then collected: it lives in the archive.
  const archived: Job = ok(await c.post('/api/v1/bespoke', { title: `${title} (archived)`, customerId, quotedCents: 90_000 }), 201);
  ok(await c.post(`/api/v1/bespoke/${archived.id}/payments`, { kind: 'payment', amountCents: 90_000 }), 201);
  ok(await c.post(`/api/v1/bespoke/${archived.id}/stage`, { to: 'ready' }));
  ok(await c.post(`/api/v1/bespoke/${archived.id}/stage`, { to: 'collected', from: 'ready' }));
  const fresh = ok(await c.get(`/api/v1/bespoke/${job.id}`));
  return { customerId, job: fresh as Job, archivedJob: ok(await c.get(`/api/v1/bespoke/${archived.id}`)) as Job };
}

beforeAll(async () => {
  t = await testApp();
  shopA = await t.newShop('Vandersteen Fine Jewellery');
  shopB = await t.newShop('Bramble & Burr');
  const made = await populate(shopA, { name: a.customerName, email: a.customerEmail, phone: a.customerPhone }, 'Sapphire halo with pavé shoulders');
  Object.assign(a, made);
  const madeB = await populate(shopB, { name: 'Gideon Marsh', email: 'gideon.marsh@example.test', phone: '+447400123123' }, 'Signet ring, oval face');
  b.customerId = madeB.customerId;
  b.job = madeB.job;
});
afterAll(() => t.close());

/** Every shop-owned table, the column naming its shop, and the key that picks out one row. */
const tables = [
  { name: 'shops', shopColumn: 'id', key: 'id' },
  { name: 'users', shopColumn: 'shop_id', key: 'id' },
  { name: 'sessions', shopColumn: 'shop_id', key: 'id' },
  { name: 'customers', shopColumn: 'shop_id', key: 'id' },
  { name: 'bespoke_jobs', shopColumn: 'shop_id', key: 'id' },
  { name: 'bespoke_job_stages', shopColumn: 'shop_id', key: 'id' },
  { name: 'comments', shopColumn: 'shop_id', key: 'id' },
  { name: 'payments', shopColumn: 'shop_id', key: 'id' },
  { name: 'outbox', shopColumn: 'shop_id', key: 'id' },
  { name: 'shop_counters', shopColumn: 'shop_id', key: 'kind' },
] as const;
type Table = (typeof tables)[number];

const ident = (name: string) => sql.identifier(name);

/** Everything of one shop's, read as the owner (no row-level security): the before-and-after picture. */
async function everythingOf(shopId: string) {
  const out: Record<string, unknown[]> = {};
  for (const tb of tables) {
    out[tb.name] = await rowsOf(t.db, sql`select * from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopId} order by ${ident(tb.key)}`);
  }
  return out;
}

/** A's records as A's own staff see them through the API. */
async function aAsSeenByA() {
  const c = shopA.client;
  return {
    job: ok(await c.get(`/api/v1/bespoke/${a.job.id}`)),
    archivedJob: ok(await c.get(`/api/v1/bespoke/${a.archivedJob.id}`)),
    customer: ok(await c.get(`/api/v1/customers/${a.customerId}`)),
    board: ok(await c.get('/api/v1/bespoke?archived=true')),
  };
}

/** The answer for a record that does not exist anywhere, with the parts that vary per request removed. */
const comparable = (res: LightMyRequestResponse) => {
  const { requestId: _r, instance: _i, ...rest } = res.json() as Record<string, unknown>;
  return rest;
};

function expectNotFound(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(404);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status: 404, code: 'not_found', type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(res.body).not.toMatch(/stack|at .*\.ts:\d+/);
  return body;
}

describe("shop B's session, through the API", () => {
  type Attempt = [label: string, call: (c: Client, id: (kind: 'job' | 'customer') => string) => Promise<LightMyRequestResponse>];
  const attempts: Attempt[] = [
    ['GET a customer', (c, id) => c.get(`/api/v1/customers/${id('customer')}`)],
    ['PATCH a customer', (c, id) => c.patch(`/api/v1/customers/${id('customer')}`, { name: 'Taken over', notes: 'B was here' })],
    ['GET a bespoke job', (c, id) => c.get(`/api/v1/bespoke/${id('job')}`)],
    ['PATCH a bespoke job', (c, id) => c.patch(`/api/v1/bespoke/${id('job')}`, { title: 'Taken over', quotedCents: 1 })],
    ['PATCH a bespoke job onto its own customer', (c, id) => c.patch(`/api/v1/bespoke/${id('job')}`, { customerId: b.customerId })],
    ['POST a stage move', (c, id) => c.post(`/api/v1/bespoke/${id('job')}/stage`, { to: 'ready' })],
    ['POST a stage move with from', (c, id) => c.post(`/api/v1/bespoke/${id('job')}/stage`, { to: 'approval', from: 'cad', note: 'rework' })],
    ['POST a move to where it already is', (c, id) => c.post(`/api/v1/bespoke/${id('job')}/stage`, { to: 'cad' })],
    ['POST a comment', (c, id) => c.post(`/api/v1/bespoke/${id('job')}/comments`, { body: 'Hello from another shop' })],
    ['POST a payment', (c, id) => c.post(`/api/v1/bespoke/${id('job')}/payments`, { kind: 'payment', amountCents: 500 })],
    ['POST a refund', (c, id) => c.post(`/api/v1/bespoke/${id('job')}/payments`, { kind: 'refund', amountCents: 100 })],
    ['POST a re-send of the customer message', (c, id) => c.post(`/api/v1/bespoke/${id('job')}/notifications`, { event: 'customer_ready' })],
  ];

  it.each(attempts)("%s of shop A's gets 404, the same answer as for no record at all", async (_label, call) => {
    const theirs = expectNotFound(await call(shopB.client, (kind) => (kind === 'job' ? a.job.id : a.customerId)));
    const nobodys = await call(shopB.client, () => randomUUID());
    expectNotFound(nobodys);
    expect(comparable(await call(shopB.client, (kind) => (kind === 'job' ? a.job.id : a.customerId)))).toEqual(comparable(nobodys));
    // Nothing in the answer gives A's record away.
    expect(JSON.stringify(theirs)).not.toMatch(/Ottoline|Sapphire|Vandersteen/);
  });

  it("also gets 404 for A's archived job, by every method", async () => {
    const c = shopB.client;
    const id = a.archivedJob.id;
    expectNotFound(await c.get(`/api/v1/bespoke/${id}`));
    expectNotFound(await c.patch(`/api/v1/bespoke/${id}`, { notes: 'x' }));
    expectNotFound(await c.post(`/api/v1/bespoke/${id}/stage`, { to: 'ready', from: 'collected' }));
    expectNotFound(await c.post(`/api/v1/bespoke/${id}/comments`, { body: 'x' }));
    expectNotFound(await c.post(`/api/v1/bespoke/${id}/payments`, { kind: 'refund', amountCents: 100 }));
  });

  it("changes nothing of A's: job, history, payments, comments, customer and the rows underneath are identical", async () => {
    const before = { api: await aAsSeenByA(), rows: await everythingOf(shopA.shop.id) };
    expect(before.api.job.stages).toHaveLength(3);
    expect(before.api.job.payments).toHaveLength(1);
    expect(before.api.job.comments).toHaveLength(1);
    for (const target of [a.job.id, a.archivedJob.id]) {
      for (const [, call] of attempts) {
        expectNotFound(await call(shopB.client, (kind) => (kind === 'job' ? target : a.customerId)));
      }
    }
    const after = { api: await aAsSeenByA(), rows: await everythingOf(shopA.shop.id) };
    expect(after).toEqual(before);
  });

  it("never lists A's jobs, whatever the filter", async () => {
    const aIds = new Set([a.job.id, a.archivedJob.id]);
    const queries = [
      '/api/v1/bespoke',
      '/api/v1/bespoke?archived=true',
      '/api/v1/bespoke?archived=1',
      '/api/v1/bespoke?stage=cad',
      '/api/v1/bespoke?stage=collected',
      `/api/v1/bespoke?q=${encodeURIComponent(a.job.reference)}`,
      `/api/v1/bespoke?archived=true&q=${encodeURIComponent(a.archivedJob.reference)}`,
      `/api/v1/bespoke?archived=true&q=${encodeURIComponent(a.job.title)}`,
      `/api/v1/bespoke?archived=true&q=${encodeURIComponent('Sapphire')}`,
      `/api/v1/bespoke?archived=true&q=${encodeURIComponent(a.customerName)}`,
    ];
    for (const url of queries) {
      const { items } = ok(await shopB.client.get(url)) as { items: Job[] };
      expect(
        items.filter((j) => aIds.has(j.id) || j.customer.id === a.customerId),
        url,
      ).toEqual([]);
    }
    // The searches by A's words find nothing at all in B's shop; B's own search still works.
    for (const q of [a.job.title, 'Sapphire', a.customerName]) {
      expect(ok(await shopB.client.get(`/api/v1/bespoke?archived=true&q=${encodeURIComponent(q)}`)).items, q).toEqual([]);
    }
    expect(ok(await shopB.client.get('/api/v1/bespoke?archived=true')).items).toHaveLength(2);
    // The same reference exists in both shops (each has its own series): B sees only its own.
    const sameRef = ok(await shopB.client.get(`/api/v1/bespoke?q=${encodeURIComponent(a.job.reference)}`)).items as Job[];
    expect(sameRef.map((j) => j.id)).toEqual([b.job.id]);
  });

  it("never lists A's customers, by name, e-mail or phone", async () => {
    for (const q of ['', a.customerName, 'Ottoline', a.customerEmail, 'vandersteen', a.customerPhone, '07400 417417', '417417']) {
      const { items } = ok(await shopB.client.get(`/api/v1/customers?q=${encodeURIComponent(q)}`)) as { items: { id: string }[] };
      expect(
        items.map((c) => c.id),
        q,
      ).not.toContain(a.customerId);
      if (q !== '') expect(items, q).toEqual([]);
    }
    const all = ok(await shopB.client.get('/api/v1/customers')).items as { id: string }[];
    expect(all.map((c) => c.id)).toEqual([b.customerId]);
  });

  it("never lists A's customer messages", async () => {
    // A's archived job passed through ready, so A has a customer-ready message queued.
    expect(ok(await shopA.client.get('/api/v1/notifications')).items.length).toBeGreaterThan(0);
    const { items } = ok(await shopB.client.get('/api/v1/notifications')) as { items: { jobId: string | null }[] };
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((m) => m.jobId === a.job.id || m.jobId === a.archivedJob.id)).toEqual([]);
  });

  it("never lists A's staff", async () => {
    const { items } = ok(await shopB.client.get('/api/v1/staff')) as { items: { id: string }[] };
    expect(items.map((u) => u.id)).toEqual([shopB.user.id]);
  });

  it("refuses to create or re-point a B job at A's customer, with a field error on customerId", async () => {
    const before = await everythingOf(shopB.shop.id);
    const created = await shopB.client.post('/api/v1/bespoke', { title: 'Poached', customerId: a.customerId });
    expect(created.statusCode).toBe(422);
    expect(created.headers['content-type']).toContain('application/problem+json');
    expect(created.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'customerId' }] });
    const repointed = await shopB.client.patch(`/api/v1/bespoke/${b.job.id}`, { customerId: a.customerId });
    expect(repointed.statusCode).toBe(422);
    expect(repointed.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'customerId' }] });
    // Not even B's reference counter moved.
    expect(await everythingOf(shopB.shop.id)).toEqual(before);
    expect(ok(await shopB.client.get(`/api/v1/bespoke/${b.job.id}`)).customer.id).toBe(b.customerId);
  });
});

describe("row-level security, with the application's shop filter left out", () => {
  /** One of A's rows in each table, found as the owner. */
  async function aRowKey(tb: Table): Promise<string> {
    const [row] = await rowsOf<{ k: string }>(
      t.db,
      sql`select ${ident(tb.key)}::text as k from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopA.shop.id} limit 1`,
    );
    const k = row?.k;
    if (!k) throw new Error(`shop A has no row in ${tb.name}`);
    return k;
  }

  const asB = <T>(work: (tx: Tx) => Promise<T>) => t.db.tenant(shopB.shop.id, work);

  async function refusedAsB(statement: SQL): Promise<{ code: string | undefined; message: string }> {
    let caught: unknown;
    try {
      await asB((tx) => tx.execute(statement));
    } catch (err) {
      caught = err;
    }
    expect(caught, 'PostgreSQL accepted the statement').toBeInstanceOf(Error);
    const cause = (caught as Error).cause as { code?: string; message?: string } | undefined;
    return { code: cause?.code, message: cause?.message ?? '' };
  }

  it('every table that carries a shop id (including ones added after this test was written) has row-level security and the tenant policy', async () => {
    const found = await rowsOf<{ table: string; rls: boolean; policy: boolean }>(
      t.db,
      sql`select c.relname as table, c.relrowsecurity as rls,
            exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
                    and p.policyname = 'tenant_isolation' and 'loupe_app' = any (p.roles)) as policy
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and (c.relname = 'shops' or exists (select 1 from information_schema.columns col
                 where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'shop_id'))
          order by 1`,
    );
    expect(found.map((r) => r.table)).toEqual(expect.arrayContaining(tables.map((tb) => tb.name)));
    expect(found.filter((r) => !r.rls || !r.policy)).toEqual([]);
  });

  it('every table really holds rows of both shops (so the checks below are not vacuous)', async () => {
    for (const tb of tables) {
      for (const shopId of [shopA.shop.id, shopB.shop.id]) {
        const [row] = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopId}`);
        expect(row?.n, `${tb.name} for ${shopId}`).toBeGreaterThan(0);
      }
    }
  });

  it.each(tables)("a bare SELECT on $name inside B's transaction sees B's rows and none of A's", async (tb) => {
    const aKey = await aRowKey(tb);
    await asB(async (tx) => {
      const all = await rowsOf<{ shop: string }>(tx, sql`select ${ident(tb.shopColumn)}::text as shop from ${ident(tb.name)}`);
      const shopsSeen = new Set(all.map((r) => r.shop));
      expect([...shopsSeen]).toEqual([shopB.shop.id]);
      const byKey = await rowsOf<Record<string, unknown>>(tx, sql`select * from ${ident(tb.name)} where ${ident(tb.key)}::text = ${aKey}`);
      expect(byKey.filter((r) => r[tb.shopColumn] === shopA.shop.id)).toEqual([]);
      const [asked] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${ident(tb.name)} where ${ident(tb.shopColumn)} = ${shopA.shop.id}`);
      expect(asked?.n).toBe(0);
    });
  });

  it("joins and aggregates inside B's transaction see none of A's rows either", async () => {
    await asB(async (tx) => {
      const joined = await rowsOf(
        tx,
        sql`
        select j.id from bespoke_jobs j
        join customers c on c.id = j.customer_id
        left join payments p on p.bespoke_job_id = j.id
        where c.name = ${a.customerName} or j.id = ${a.job.id} or p.customer_id = ${a.customerId}`,
      );
      expect(joined).toEqual([]);
      const [money] = await rowsOf<{ total: string }>(
        tx,
        sql`select coalesce(sum(amount_cents), 0)::bigint::text as total from payments where bespoke_job_id = ${a.job.id}`,
      );
      expect(money?.total).toBe('0');
    });
  });

  it.each(tables)("an UPDATE and a DELETE of A's $name row by its key, inside B's transaction, touch 0 rows", async (tb) => {
    const aKey = await aRowKey(tb);
    const before = await everythingOf(shopA.shop.id);
    const pick = sql`${ident(tb.key)}::text = ${aKey} and ${ident(tb.shopColumn)} = ${shopA.shop.id}`;
    const updated = await asB((tx) =>
      rowsOf(tx, sql`update ${ident(tb.name)} set ${ident(tb.shopColumn)} = ${ident(tb.shopColumn)} where ${pick} returning 1 as hit`),
    );
    expect(updated).toEqual([]);
    const deleted = await asB((tx) => rowsOf(tx, sql`delete from ${ident(tb.name)} where ${pick} returning 1 as hit`));
    expect(deleted).toEqual([]);
    // Unfiltered, too: B's bulk statements reach only B's rows.
    const bulk = await asB((tx) =>
      rowsOf<{ shop: string }>(
        tx,
        sql`update ${ident(tb.name)} set ${ident(tb.shopColumn)} = ${ident(tb.shopColumn)} returning ${ident(tb.shopColumn)}::text as shop`,
      ),
    );
    expect(new Set(bulk.map((r) => r.shop))).toEqual(new Set([shopB.shop.id]));
    expect(await everythingOf(shopA.shop.id)).toEqual(before);
  });

  it("B's DELETE of everything, rolled back, would have reached B's rows only", async () => {
    const before = await everythingOf(shopA.shop.id);
    const rollback = new Error('rollback on purpose');
    await expect(
      asB(async (tx) => {
        const gone = await rowsOf<{ shop: string }>(tx, sql`delete from comments returning shop_id::text as shop`);
        expect(gone.map((r) => r.shop)).toEqual([shopB.shop.id]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await everythingOf(shopA.shop.id)).toEqual(before);
  });

  // Each insert is a row that would be valid for A (real ids of A's, every constraint met) but carries A's shop id.
  const inserts: [table: string, statement: () => SQL][] = [
    [
      'shops',
      () => sql`insert into shops (id, name, currency, time_zone, locale, country) values (${randomUUID()}, 'Forged', 'GBP', 'Europe/London', 'en-GB', 'GB')`,
    ],
    [
      'users',
      () =>
        sql`insert into users (shop_id, name, email, password_hash, role) values (${shopA.shop.id}, 'Mole', ${`mole-${randomUUID()}@example.test`}, 'x', 'owner')`,
    ],
    [
      'sessions',
      () => sql`insert into sessions (id, user_id, shop_id, expires_at) values (${randomUUID()}, ${shopA.user.id}, ${shopA.shop.id}, now() + interval '1 day')`,
    ],
    ['customers', () => sql`insert into customers (shop_id, name, preferred_channel) values (${shopA.shop.id}, 'Planted', 'email')`],
    [
      'bespoke_jobs',
      () => sql`insert into bespoke_jobs (shop_id, reference, customer_id, title, stage, tracking_code)
        values (${shopA.shop.id}, 'B-9999', ${a.customerId}, 'Planted', 'enquiry', ${randomUUID()})`,
    ],
    [
      'bespoke_job_stages',
      () => sql`insert into bespoke_job_stages (shop_id, job_id, stage, from_stage) values (${shopA.shop.id}, ${a.job.id}, 'ready', 'cad')`,
    ],
    ['comments', () => sql`insert into comments (shop_id, bespoke_job_id, body) values (${shopA.shop.id}, ${a.job.id}, 'Planted')`],
    [
      'payments',
      () =>
        sql`insert into payments (shop_id, customer_id, bespoke_job_id, kind, amount_cents) values (${shopA.shop.id}, ${a.customerId}, ${a.job.id}, 'refund', 100)`,
    ],
    [
      'outbox',
      () => sql`insert into outbox (shop_id, topic, job_kind, job_id, idempotency_key, payload)
        values (${shopA.shop.id}, 'customer_ready', 'bespoke', ${a.job.id}, ${`planted:${randomUUID()}`}, '{}'::jsonb)`,
    ],
    ['shop_counters', () => sql`insert into shop_counters (shop_id, kind, last_value) values (${shopA.shop.id}, 'planted', 1)`],
  ];

  it('covers every shop-owned table with an insert', () => {
    expect(inserts.map(([name]) => name)).toEqual(tables.map((tb) => tb.name));
  });

  it.each(inserts)("an INSERT into %s carrying A's shop id is refused by PostgreSQL (42501)", async (_name, statement) => {
    const before = await everythingOf(shopA.shop.id);
    const err = await refusedAsB(statement());
    expect(err.code).toBe('42501');
    expect(err.message).toMatch(/row-level security/);
    expect(await everythingOf(shopA.shop.id)).toEqual(before);
  });

  it("an UPDATE that moves one of B's rows into shop A is refused (42501)", async () => {
    const beforeB = await everythingOf(shopB.shop.id);
    expect((await refusedAsB(sql`update comments set shop_id = ${shopA.shop.id} where bespoke_job_id = ${b.job.id}`)).code).toBe('42501');
    expect((await refusedAsB(sql`update customers set shop_id = ${shopA.shop.id} where id = ${b.customerId}`)).code).toBe('42501');
    expect(await everythingOf(shopB.shop.id)).toEqual(beforeB);
  });

  it.each(tables)('a transaction naming no shop at all sees no $name rows (or is refused outright)', async (tb) => {
    // The tenant role without a tenant. On a fresh connection the setting is null and no policy matches;
    // on a reused one PostgreSQL reports it as '' and the policy's ::uuid cast refuses the query (22P02).
    // Either way nothing leaks; what must never happen is a row coming back.
    const outcome = await t.db.raw
      .transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'loupe_app', true)`);
        const [row] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${ident(tb.name)}`);
        return { rows: row?.n };
      })
      .catch((err: unknown) => ({ refused: ((err as Error).cause as { code?: string } | undefined)?.code }));
    expect([{ rows: 0 }, { refused: '22P02' }]).toContainEqual(outcome);
  });
});
