import { count } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { shops } from '../db/schema/index.js';
import type { Clock } from '../domain/clock.js';
import * as bespoke from '../modules/bespoke/service.js';
import { defaultSettings, saveSettings } from '../modules/notifications/settings-store.js';
import type { JobHooks } from '../modules/pipeline/job-hooks.js';
import type { CreateInput as RepairInput } from '../modules/repairs/schemas.js';
import { repairs } from '../modules/repairs/service.js';
import { makeCustomer, makeShop } from './factories.js';
import { seedHistory } from './history.js';

export const DEMO_LOGIN = { email: 'owner@demo.loupe.test', password: 'loupe-demo-2026' } as const;

/** A clock the seed winds forward by hand, so histories span believable weeks. */
class SeedClock implements Clock {
  private at = new Date();
  now() {
    return this.at;
  }
  set(daysAgo: number) {
    this.at = new Date(Date.now() - daysAgo * 86_400_000);
  }
  advance(days: number) {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
  }
}

const people = [
  ['Grace Holloway', '07911 123456'],
  ['Oliver Bennett', null],
  ['Amelia Khan', '07911 234567'],
  ['Harry Thornton', null],
  ['Isla McAllister', '07912 345678'],
  ['George Patel', null],
  ['Freya Lindqvist', '07723 456789'],
  ['Arthur Okafor', null],
  ['Poppy Fairbairn', '07834 567890'],
  ['Noah Castellano', null],
  ['Evie Marchetti', '07545 678901'],
  ['Theo Radcliffe', null],
] as const;

type Plan = [title: string, type: string, metal: string, stones: string | null, quote: number, path: string[], rework?: boolean];

const plans: Plan[] = [
  ['Engagement ring, oval sapphire halo', 'ring', '18ct white gold', '1.2ct oval sapphire, diamond halo', 420_000, []],
  ['Signet ring with family crest', 'ring', '9ct yellow gold', null, 95_000, []],
  ['Eternity band to match engagement ring', 'ring', 'platinum', '21 round brilliants', 310_000, ['consultation']],
  ['Pearl drop earrings', 'earrings', '18ct yellow gold', 'South Sea pearls', 140_000, ['consultation']],
  [
    'Remodel of grandmother’s brooch into pendant',
    'pendant',
    '18ct rose gold',
    'old-cut diamonds (customer’s own)',
    180_000,
    ['consultation', 'deposit_received'],
  ],
  ['Men’s wedding band, hammered finish', 'ring', 'platinum', null, 120_000, ['consultation', 'deposit_received']],
  ['Emerald-cut solitaire', 'ring', 'platinum', '1.5ct emerald-cut diamond', 980_000, ['consultation', 'deposit_received', 'stone_sourcing']],
  ['Tennis bracelet', 'bracelet', '18ct white gold', '4ct total round brilliants', 650_000, ['consultation', 'deposit_received', 'stone_sourcing']],
  [
    'Toi et moi ring, pear and oval',
    'ring',
    '18ct yellow gold',
    'pear diamond, oval emerald',
    720_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'cad'],
  ],
  ['Art deco style cocktail ring', 'ring', 'platinum', 'sapphire baguettes', 540_000, ['consultation', 'deposit_received', 'stone_sourcing', 'cad']],
  ['Custom cufflinks with initials', 'cufflinks', 'sterling silver', null, 45_000, ['consultation', 'deposit_received', 'cad', 'approval']],
  [
    'Three-stone anniversary ring',
    'ring',
    '18ct white gold',
    'three round brilliants',
    460_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'cad', 'approval'],
    true,
  ],
  [
    'Halo pendant, cushion morganite',
    'pendant',
    '18ct rose gold',
    'cushion morganite, diamond halo',
    230_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting'],
  ],
  [
    'Channel-set wedding band',
    'ring',
    'platinum',
    'princess-cut diamonds',
    290_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting'],
  ],
  [
    'Birthstone stacking rings (set of 3)',
    'ring',
    '9ct yellow gold',
    'garnet, amethyst, peridot',
    85_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'setting', 'polish'],
  ],
  [
    'Diamond stud earrings',
    'earrings',
    'platinum',
    'pair of 0.5ct round brilliants',
    260_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish'],
  ],
  ['Simple wedding band, court profile', 'ring', '18ct yellow gold', null, 75_000, ['deposit_received', 'polish', 'ready']],
  [
    'Ruby and diamond bangle',
    'bracelet',
    '18ct yellow gold',
    'rubies and diamonds',
    880_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready'],
  ],
  ['Locket with engraved dedication', 'pendant', 'sterling silver', null, 38_000, ['consultation', 'deposit_received', 'cad', 'approval', 'polish', 'ready']],
  [
    'Aquamarine cocktail ring',
    'ring',
    '18ct white gold',
    'emerald-cut aquamarine',
    340_000,
    ['consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected'],
  ],
  ['Twisted rope chain', 'necklace', '9ct yellow gold', null, 110_000, ['consultation', 'deposit_received', 'polish', 'ready', 'collected']],
  [
    'Opal pendant reset',
    'pendant',
    '18ct yellow gold',
    'customer’s opal',
    90_000,
    ['consultation', 'deposit_received', 'setting', 'polish', 'ready', 'collected'],
  ],
  ['Tanzanite earrings', 'earrings', 'platinum', 'trillion tanzanites', 300_000, ['consultation', 'cancelled']],
  ['Christening bracelet', 'bracelet', 'sterling silver', null, 30_000, ['consultation', 'deposit_received', 'on_hold']],
  ['Marquise diamond ring', 'ring', 'platinum', '1ct marquise diamond', 760_000, ['consultation', 'deposit_received', 'stone_sourcing', 'on_hold']],
];

export async function seedDemo(deps: { db: Database; config: { publicUrl: string }; jobHooks: JobHooks }): Promise<void> {
  const clock = new SeedClock();
  clock.set(60);
  const d = { ...deps, clock };
  const { actor } = await makeShop(d, { shopName: 'Hatton Garden Workshop (demo)', ownerName: 'Ada Hatton', ...DEMO_LOGIN });
  // The demo keeps its customer messages in the preview channel: a new user sees what customers would get.
  await deps.db.tenant(actor.shopId, (tx) =>
    saveSettings(tx, { ...defaultSettings(actor.shopId), defaultChannel: 'preview', senderName: 'Hatton Garden Workshop' }),
  );
  const customerIds: string[] = [];
  for (const [i, [name, phone]] of people.entries()) {
    const email = i % 4 === 3 ? null : `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.test`;
    customerIds.push((await makeCustomer(d, actor, { name, email, phone })).id);
  }

  for (const [i, [title, jewelleryType, metal, stones, quotedCents, path, rework]] of plans.entries()) {
    // Jobs further along started longer ago; every history ends between one and three weeks back.
    clock.set(3 + path.length * 3 + (i % 5) * 4 + 0.37 * i);
    const due = new Date(Date.now() + (i % 7 === 0 ? -5 : 10 + ((i * 7) % 50)) * 86_400_000).toISOString().slice(0, 10);
    const job = await bespoke.createJob(d, actor, {
      title,
      jewelleryType,
      metal,
      stones,
      quotedCents,
      customerId: customerIds[i % customerIds.length] ?? '',
      dueDate: path.includes('collected') || path.includes('cancelled') ? null : due,
      description: `${title} in ${metal}${stones ? `, with ${stones}` : ''}.`,
    });
    let back = 0;
    for (const to of path) {
      clock.advance(1 + ((i + path.length) % 3) + 0.21);
      if (to === 'deposit_received')
        await bespoke.recordPayment(d, actor, job.id, { kind: 'deposit', amountCents: Math.round(quotedCents / 2), method: 'Card' });
      if (to === 'collected')
        await bespoke.recordPayment(d, actor, job.id, { kind: 'payment', amountCents: quotedCents - Math.round(quotedCents / 2), method: 'Card' });
      const note =
        rework && to === 'cad' && back++ > 0
          ? 'Customer asked for a slimmer shank and lower setting'
          : to === 'on_hold'
            ? 'Waiting on the customer to confirm ring size'
            : null;
      await bespoke.moveJob(d, actor, job.id, { to, note });
      if (to === 'stone_sourcing') await bespoke.addComment(d, actor, job.id, 'Memo parcel requested from two suppliers; expecting stones this week.');
    }
    if (i % 5 === 0) await bespoke.addComment(d, actor, job.id, 'Customer prefers to be contacted after 5pm.');
  }
  await seedRepairs(d, actor, customerIds);
  // A year of finished work, so the reports have something to say.
  await seedHistory(d, actor, customerIds);
}

type RepairPlan = [item: RepairInput['itemType'], lines: RepairInput['workLines'], condition: string | null, path: string[], rush?: boolean];

const repairPlans: RepairPlan[] = [
  ['ring', [{ kind: 'resize', description: 'L to N', priceCents: 4_500 }], 'Light wear on the shank; stamped 18ct', []],
  ['necklace', [{ kind: 're_string', description: 'Pearls, knotted', priceCents: 6_000 }], 'Strand broken; 2 pearls loose in bag', [], true],
  ['watch', [{ kind: 'other', description: 'Battery and seal', priceCents: 1_500 }], 'Scratched crystal', ['assessed']],
  [
    'bracelet',
    [
      { kind: 'replace_clasp', priceCents: 3_500 },
      { kind: 'polish', priceCents: 2_000 },
    ],
    'Clasp missing',
    ['assessed', 'quoted'],
  ],
  [
    'ring',
    [
      { kind: 're_tip', description: 'Four claws', priceCents: 9_000 },
      { kind: 'polish', priceCents: 2_000 },
    ],
    'Worn claws; centre stone loose',
    ['assessed', 'quoted', 'approved'],
  ],
  ['earrings', [{ kind: 'solder', description: 'Post snapped', priceCents: 2_500 }], null, ['assessed', 'quoted', 'approved', 'in_progress'], true],
  [
    'brooch',
    [{ kind: 'set_stone', description: 'Replace missing garnet', priceCents: 5_500 }],
    'One garnet missing (customer aware)',
    ['assessed', 'quoted', 'approved', 'in_progress'],
  ],
  [
    'ring',
    [
      { kind: 'resize', priceCents: 4_500 },
      { kind: 'polish', priceCents: 2_000 },
    ],
    null,
    ['assessed', 'quoted', 'approved', 'in_progress', 'ready'],
  ],
  ['necklace', [{ kind: 'solder', description: 'Chain link', priceCents: 2_000 }], null, ['in_progress', 'ready']],
  ['ring', [{ kind: 'polish', priceCents: 2_500 }], null, ['in_progress', 'ready', 'collected']],
  ['watch', [{ kind: 'other', description: 'Strap replacement', priceCents: 3_000 }], null, ['assessed', 'quoted', 'cancelled']],
  ['bracelet', [{ kind: 'solder', priceCents: 2_500 }], 'Awaiting customer decision on a second break', ['assessed', 'on_hold']],
];

async function seedRepairs(
  d: { db: Database; clock: SeedClock; jobHooks: JobHooks; config: { publicUrl: string } },
  actor: Parameters<typeof repairs.createJob>[1],
  customerIds: string[],
) {
  for (const [i, [itemType, workLines, conditionNotes, path, rush]] of repairPlans.entries()) {
    d.clock.set(2 + path.length * 2 + (i % 4) * 2 + 0.29 * i);
    const due = new Date(Date.now() + (i % 5 === 0 ? -2 : 3 + ((i * 5) % 20)) * 86_400_000).toISOString().slice(0, 10);
    const job = await repairs.createJob(d, actor, {
      customerId: customerIds[(i * 5 + 3) % customerIds.length] ?? '',
      itemType,
      workLines,
      conditionNotes,
      rush: rush ?? false,
      dueDate: path.includes('collected') || path.includes('cancelled') ? null : due,
    });
    if (i % 3 === 0) await repairs.recordPayment(d, actor, job.id, { kind: 'deposit', amountCents: 1_000, method: 'Cash' });
    for (const to of path) {
      d.clock.advance(1.13);
      await repairs.moveJob(d, actor, job.id, { to, note: to === 'on_hold' ? 'Waiting to hear back from the customer' : null });
    }
  }
}

export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.raw.select({ n: count() }).from(shops);
  return (row?.n ?? 0) === 0;
}
