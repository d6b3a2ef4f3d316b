import type { Database } from '../db/client.js';
import type { Actor } from '../domain/actor.js';
import type { Clock } from '../domain/clock.js';
import * as bespoke from '../modules/bespoke/service.js';
import type { JobHooks } from '../modules/pipeline/job-hooks.js';
import { repairs } from '../modules/repairs/service.js';
import { addStaff } from '../modules/shops/staff-service.js';

/** The demo's clock: set a number of days back from now, then wound forward by hand. */
export interface HistoryClock extends Clock {
  set(daysAgo: number): void;
  advance(days: number): void;
}

type Deps = { db: Database; clock: HistoryClock; jobHooks: JobHooks; config: { publicUrl: string } };

/** A small fixed generator, so every demo shop has the same believable year. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const DAY_MS = 86_400_000;
const isoDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);

const titles = [
  'Solitaire engagement ring',
  'Wedding band',
  'Signet ring',
  'Diamond pendant',
  'Sapphire earrings',
  'Tennis bracelet',
  'Remodelled brooch',
  'Eternity ring',
];

/**
 * A year of finished work for the reports: bespoke pieces through CAD (some sent back from approval,
 * some held), repairs through the bench, most collected and paid, a few refunded, moved by three people.
 */
export async function seedHistory(d: Deps, owner: Actor, customerIds: string[]) {
  const rnd = random(20_261_202);
  const team: Actor[] = [owner];
  for (const [name, role] of [
    ['Sam Okoye', 'manager'],
    ['Priya Lal', 'staff'],
  ] as const) {
    const email = `${name.split(' ')[0]?.toLowerCase()}@demo.loupe.test`;
    const user = await addStaff(d, owner, { name, email, password: 'loupe-demo-2026', role });
    team.push({ userId: user.id, shopId: owner.shopId, role, name });
  }
  const someone = () => team[Math.floor(rnd() * team.length)] ?? owner;
  const customer = (i: number) => customerIds[i % customerIds.length] ?? '';

  for (let i = 0; i < 36; i++) {
    const startDaysAgo = 365 - i * 10 - rnd() * 4;
    d.clock.set(startDaysAgo);
    const quotedCents = Math.round(40 + rnd() * 900) * 1_000;
    const planned = 30 + Math.floor(rnd() * 30);
    const job = await bespoke.createJob(d, owner, {
      title: titles[i % titles.length] ?? 'Ring',
      quotedCents,
      customerId: customer(i),
      dueDate: isoDay(startDaysAgo - planned),
    });
    const path = ['consultation', 'deposit_received'];
    if (rnd() < 0.6) path.push('stone_sourcing');
    path.push('cad', 'approval');
    const rounds = rnd() < 0.35 ? (rnd() < 0.3 ? 2 : 1) : 0;
    for (let r = 0; r < rounds; r++) path.push('cad', 'approval');
    if (rnd() < 0.2) path.push('on_hold', 'approval');
    path.push('setting', 'polish', 'ready', 'collected');
    let at = startDaysAgo;
    for (const to of path) {
      const gap = to === 'collected' ? 1 + rnd() * 12 : to === 'approval' && path.indexOf(to) > 0 ? 1 + rnd() * 3 : 1 + rnd() * 6;
      if (at - gap < 0.5) break;
      at -= gap;
      d.clock.advance(gap);
      const by = someone();
      if (to === 'deposit_received')
        await bespoke.recordPayment(d, owner, job.id, { kind: 'deposit', amountCents: Math.round(quotedCents * 0.4), method: 'card' });
      if (to === 'collected') {
        await bespoke.recordPayment(d, owner, job.id, { kind: 'payment', amountCents: quotedCents - Math.round(quotedCents * 0.4), method: 'card' });
        if (rnd() < 0.1) await bespoke.recordPayment(d, owner, job.id, { kind: 'refund', amountCents: Math.round(quotedCents * 0.05), method: 'card' });
      }
      await bespoke.moveJob(d, by, job.id, { to, note: to === 'on_hold' ? 'Waiting for the customer to choose a finish' : null });
    }
  }

  for (let i = 0; i < 30; i++) {
    const startDaysAgo = 360 - i * 12 - rnd() * 5;
    d.clock.set(startDaysAgo);
    const price = Math.round(15 + rnd() * 120) * 100;
    const job = await repairs.createJob(d, owner, {
      customerId: customer(i * 7 + 3),
      itemType: 'ring',
      workLines: [{ kind: 'resize', priceCents: price }],
      dueDate: isoDay(startDaysAgo - 7 - Math.floor(rnd() * 7)),
    });
    if (i % 3 === 0) await repairs.recordPayment(d, owner, job.id, { kind: 'deposit', amountCents: 1_000, method: 'cash' });
    let at = startDaysAgo;
    for (const to of ['assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected']) {
      const gap = 0.3 + rnd() * (to === 'in_progress' ? 6 : 2.5);
      if (at - gap < 0.5) break;
      at -= gap;
      d.clock.advance(gap);
      if (to === 'collected')
        await repairs.recordPayment(d, owner, job.id, { kind: 'payment', amountCents: price - (i % 3 === 0 ? 1_000 : 0), method: 'card' });
      await repairs.moveJob(d, someone(), job.id, { to, note: null });
    }
  }
}
