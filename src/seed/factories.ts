import type { Database } from '../db/client.js';
import type { Actor } from '../domain/actor.js';
import type { Clock } from '../domain/clock.js';
import type { PaymentKind } from '../domain/money.js';
import type { CreateInput as AppraisalInput } from '../modules/appraisals/schemas.js';
import { appraisals } from '../modules/appraisals/service.js';
import type { CreateInput } from '../modules/bespoke/schemas.js';
import * as bespoke from '../modules/bespoke/service.js';
import type { CustomerInput } from '../modules/customers/schemas.js';
import * as customers from '../modules/customers/service.js';
import type { JobHooks } from '../modules/pipeline/job-hooks.js';
import type { CreateInput as RepairInput } from '../modules/repairs/schemas.js';
import { repairs } from '../modules/repairs/service.js';
import type { SignUpInput } from '../modules/shops/schemas.js';
import * as shops from '../modules/shops/service.js';

/**
 * One set of factories for tests and the demo seed. They go through the same use-cases as the API,
 * so what they make is exactly what a user could have made.
 */
export interface FactoryDeps {
  db: Database;
  clock: Clock;
  /** Who acts in a job's transaction (a linked passport's event, the calendars). */
  jobHooks: JobHooks;
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

export type JobPlan<C = CreateInput> = Partial<C> & {
  /** Stages to walk through after the first, in order. */
  path?: readonly string[];
  payments?: readonly { kind: PaymentKind; amountCents: number; method?: string }[];
};

/** A pipeline's use-cases, as far as the factories drive them. */
interface JobMaker<C, J> {
  createJob(deps: FactoryDeps, actor: Actor, input: C): Promise<{ id: string }>;
  recordPayment(deps: FactoryDeps, actor: Actor, id: string, input: { kind: PaymentKind; amountCents: number; method?: string }): Promise<unknown>;
  moveJob(deps: FactoryDeps, actor: Actor, id: string, input: { to: string }): Promise<unknown>;
  getJob(deps: FactoryDeps, actor: Actor, id: string): Promise<J>;
}

async function makeJob<C extends { customerId: string }, J>(
  u: JobMaker<C, J>,
  deps: FactoryDeps,
  actor: Actor,
  defaults: Omit<C, 'customerId'>,
  plan: JobPlan<C>,
) {
  const { path = [], payments = [], ...fields } = plan;
  const customerId = fields.customerId ?? (await makeCustomer(deps, actor)).id;
  const job = await u.createJob(deps, actor, { ...defaults, ...fields, customerId } as C);
  for (const p of payments) await u.recordPayment(deps, actor, job.id, p);
  for (const to of path) await u.moveJob(deps, actor, job.id, { to });
  return u.getJob(deps, actor, job.id);
}

export function makeBespokeJob(deps: FactoryDeps, actor: Actor, plan: JobPlan = {}) {
  return makeJob(bespoke, deps, actor, { title: 'Emerald-cut solitaire', quotedCents: 250_000 }, plan);
}

export function makeRepairJob(deps: FactoryDeps, actor: Actor, plan: JobPlan<RepairInput> = {}) {
  return makeJob(repairs, deps, actor, { itemType: 'ring', workLines: [{ kind: 'resize', description: 'N to P', priceCents: 4_500 }] }, plan);
}

export function makeAppraisal(deps: FactoryDeps, actor: Actor, plan: JobPlan<AppraisalInput> = {}) {
  return makeJob(appraisals, deps, actor, { itemType: 'ring', description: 'Diamond half-hoop for insurance', quotedCents: 9_500 }, plan);
}
