import type { Database } from '../db/client.js';
import type { Actor } from '../domain/actor.js';
import type { Clock } from '../domain/clock.js';
import type { PaymentKind } from '../domain/money.js';
import type { CreateInput } from '../modules/bespoke/schemas.js';
import * as bespoke from '../modules/bespoke/service.js';
import type { CustomerInput } from '../modules/customers/schemas.js';
import * as customers from '../modules/customers/service.js';
import type { SignUpInput } from '../modules/shops/schemas.js';
import * as shops from '../modules/shops/service.js';

/**
 * One set of factories for tests and the demo seed. They go through the same use-cases as the API,
 * so what they make is exactly what a user could have made.
 */
export interface FactoryDeps {
  db: Database;
  clock: Clock;
  config: { publicUrl: string };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeShop(deps: FactoryDeps, overrides: Partial<SignUpInput> = {}) {
  const input: SignUpInput = {
    shopName: 'Hatton & Daughters',
    ownerName: 'Ada Hatton',
    email: `owner-${unique()}@example.test`,
    password: 'correct horse battery',
    ...overrides,
  };
  const { user, shop } = await shops.signUpShop(deps, input, { address: '127.0.0.1' });
  const actor: Actor = { userId: user.id, shopId: shop.id, role: user.role, name: user.name };
  return { shop, user, actor, email: input.email, password: input.password };
}

export function makeCustomer(deps: FactoryDeps, actor: Actor, overrides: Partial<CustomerInput> = {}) {
  return customers.createCustomer(deps, actor, { name: 'Grace Holloway', email: `grace-${unique()}@example.test`, ...overrides });
}

export interface JobPlan extends Partial<CreateInput> {
  /** Stages to walk through after enquiry, in order. */
  path?: readonly string[];
  payments?: readonly { kind: PaymentKind; amountCents: number; method?: string }[];
}

export async function makeBespokeJob(deps: FactoryDeps, actor: Actor, plan: JobPlan = {}) {
  const { path = [], payments = [], ...fields } = plan;
  const customerId = fields.customerId ?? (await makeCustomer(deps, actor)).id;
  const job = await bespoke.createJob(deps, actor, { title: 'Emerald-cut solitaire', quotedCents: 250_000, ...fields, customerId });
  for (const p of payments) await bespoke.recordPayment(deps, actor, job.id, p);
  for (const to of path) await bespoke.moveJob(deps, actor, job.id, { to });
  return bespoke.getJob(deps, actor, job.id);
}
