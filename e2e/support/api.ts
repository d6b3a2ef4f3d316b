import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface OpenedShop {
  email: string;
  password: string;
  shopName: string;
  ownerName: string;
  locale?: 'en-GB' | 'en-AU' | 'en-US';
  currency?: string;
  timeZone?: string;
}

interface Created {
  id: string;
  reference: string;
  title: string;
  stage: string;
}

/** Opens a new shop through the API; the page's context is then signed in as its owner. */
export async function openShop(page: Page, overrides: Partial<OpenedShop> = {}): Promise<OpenedShop> {
  const shop: OpenedShop = {
    email: `${unique('owner')}@example.test`,
    password: 'correct horse battery',
    shopName: 'Hatton & Daughters',
    ownerName: 'Ada Hatton',
    ...overrides,
  };
  const res = await page.request.post('/api/v1/shops', { data: { locale: 'en-GB', ...shop } });
  expect(res.status(), await res.text()).toBe(201);
  return shop;
}

export async function signInAs(request: APIRequestContext, shop: Pick<OpenedShop, 'email' | 'password'>): Promise<void> {
  const res = await request.post('/api/v1/session', { data: { email: shop.email, password: shop.password } });
  expect(res.status(), await res.text()).toBe(200);
}

export async function addCustomer(page: Page, name: string): Promise<{ id: string; name: string }> {
  const res = await page.request.post('/api/v1/customers', { data: { name, email: `${unique('c')}@example.test` } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

export interface JobInput {
  title: string;
  customerId: string;
  quotedCents?: number;
  dueDate?: string;
}

export interface RepairInput {
  customerId: string;
  itemType: string;
  workLines: { kind: string; priceCents: number; description?: string }[];
  title?: string;
  dueDate?: string;
  rush?: boolean;
}

const bespokeApi = '/api/v1/bespoke';
const repairsApi = '/api/v1/repairs';

/** Creates a job under one pipeline's API path, then walks it through the stages given. */
async function addAt(page: Page, api: string, input: JobInput | RepairInput, path: readonly string[]): Promise<Created> {
  const res = await page.request.post(api, { data: input });
  expect(res.status(), await res.text()).toBe(201);
  const job = (await res.json()) as Created;
  for (const to of path) await moveJob(page.request, job.id, to, undefined, api);
  return job;
}

export const addJob = (page: Page, input: JobInput, path: string[] = []) => addAt(page, bespokeApi, input, path);

export const addRepair = (page: Page, input: RepairInput, path: string[] = []) => addAt(page, repairsApi, input, path);

export async function moveJob(request: APIRequestContext, id: string, to: string, note?: string, api = bespokeApi): Promise<void> {
  const res = await request.post(`${api}/${id}/stage`, { data: { to, ...(note ? { note } : {}) } });
  expect(res.status(), await res.text()).toBe(200);
}

/** A calendar date n days from today in the shop's zone (the e2e shops use Europe/London). */
export function dayFromToday(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
