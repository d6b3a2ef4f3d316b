import { addCustomer, addJob, openShop } from './support/api.js';
import { expect, type Page, test } from './support/fixtures.js';

/** How many records a list endpoint holds, archived ones included. */
const count = async (page: Page, path: string) => ((await (await page.request.get(`${path}?archived=true`)).json()).items as unknown[]).length;

async function chooseCustomer(page: Page, name: string) {
  const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
  await picker.click();
  await picker.fill(name.split(' ')[0] ?? name);
  await page.getByRole('option', { name: new RegExp(name) }).click();
}

test('a double click on every create and payment button makes one record each', async ({ page }) => {
  test.setTimeout(180_000);
  await openShop(page);
  await addCustomer(page, 'Olive Marsh');

  // Taking in at the counter, in each pipeline.
  await page.goto('/intake');
  await chooseCustomer(page, 'Olive Marsh');
  await page.getByRole('textbox', { name: 'Title' }).fill('Emerald signet');
  await page.getByRole('button', { name: 'Take in enquiry' }).dblclick();
  await expect(page.getByRole('alert').filter({ hasText: 'B-0001 taken in' })).toBeVisible();
  expect(await count(page, '/api/v1/bespoke')).toBe(1);

  await page.getByRole('tab', { name: 'Repair' }).click();
  await chooseCustomer(page, 'Olive Marsh');
  await page.getByRole('combobox', { name: 'Item', exact: true }).click();
  await page.getByRole('option', { name: 'Ring', exact: true }).click();
  await page.getByRole('combobox', { name: 'Work, line 1', exact: true }).click();
  await page.getByRole('option', { name: 'Resize', exact: true }).click();
  await page.getByRole('textbox', { name: 'Price, line 1' }).fill('45');
  await page.getByRole('textbox', { name: 'Deposit taken now' }).fill('20');
  // A deposit without its method is not booked in: the form asks how it was paid.
  await page.getByRole('button', { name: 'Book in repair' }).click();
  await expect(page.getByText('How was the deposit paid?')).toBeVisible();
  expect(await count(page, '/api/v1/repairs')).toBe(0);
  await page.getByRole('combobox', { name: 'Deposit paid by' }).click();
  await page.getByRole('option', { name: 'Bank transfer', exact: true }).click();
  await page.getByRole('button', { name: 'Book in repair' }).dblclick();
  await expect(page.getByRole('alert').filter({ hasText: 'R-0001 booked in' })).toBeVisible();
  expect(await count(page, '/api/v1/repairs')).toBe(1);
  const repair = (await (await page.request.get('/api/v1/repairs')).json()).items[0];
  expect(repair.depositCents).toBe(2_000);
  const payments = (await (await page.request.get(`/api/v1/repairs/${repair.id}`)).json()).payments as { kind: string; method: string }[];
  expect(payments).toMatchObject([{ kind: 'deposit', method: 'Bank transfer' }]);

  await page.getByRole('tab', { name: 'Appraisal' }).click();
  await chooseCustomer(page, 'Olive Marsh');
  await page.getByRole('combobox', { name: 'Item', exact: true }).click();
  await page.getByRole('option', { name: 'Brooch', exact: true }).click();
  await page.getByRole('textbox', { name: 'Description' }).fill('Art deco brooch, calibré sapphires');
  await page.getByRole('button', { name: 'Take in for appraisal' }).dblclick();
  await expect(page.getByRole('alert').filter({ hasText: 'A-0001 taken in' })).toBeVisible();
  expect(await count(page, '/api/v1/appraisals')).toBe(1);

  // A new job from its own form.
  await page.goto('/bespoke/new');
  await chooseCustomer(page, 'Olive Marsh');
  await page.getByRole('textbox', { name: 'Title' }).fill('Pearl drop earrings');
  await page.getByRole('button', { name: 'Create job' }).dblclick();
  await expect(page.getByRole('heading', { name: 'Pearl drop earrings' })).toBeVisible();
  expect(await count(page, '/api/v1/bespoke')).toBe(2);

  // A deposit on a job's page.
  const c = (await (await page.request.get('/api/v1/customers')).json()).items[0];
  const job = await addJob(page, { title: 'Custom cufflinks', customerId: c.id, quotedCents: 45_000 }, ['consultation']);
  await page.goto(`/bespoke/${job.id}`);
  await page.getByRole('button', { name: 'Record deposit' }).click();
  const dialog = page.getByRole('dialog', { name: `Record deposit for ${job.reference}` });
  await dialog.getByRole('textbox', { name: 'Amount' }).fill('200');
  await dialog.getByRole('button', { name: 'Record deposit' }).dblclick();
  await expect(page.getByText('Deposit of £200.00 recorded')).toBeVisible();
  await expect(page.getByTestId('balance-owing')).toContainText('£250.00');
  const detail = await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json();
  expect(detail.payments).toHaveLength(1);
});

test('a double click on a reply to the customer, a comment or a re-send sends each once', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Olive Marsh');
  const job = await addJob(page, { title: 'Emerald signet', customerId: c.id }, ['ready']);
  const detail = async () =>
    (await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json()) as { comments: unknown[]; notifications: { event: string }[] };
  const messages = async () => ((await (await page.request.get(`/api/v1/bespoke/${job.id}/messages`)).json()).items as unknown[]).length;
  await page.goto(`/bespoke/${job.id}`);

  await page.getByRole('textbox', { name: 'Reply to Olive Marsh' }).fill('Your signet is polished and waiting for you.');
  await page.getByRole('button', { name: 'Send reply' }).dblclick();
  await expect(page.getByRole('textbox', { name: 'Reply to Olive Marsh' })).toHaveValue('');
  expect(await messages()).toBe(1);

  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Engraving checked under the loupe.');
  await page.getByRole('button', { name: 'Add comment' }).dblclick();
  await expect(page.getByRole('textbox', { name: 'Add a comment' })).toHaveValue('');
  expect((await detail()).comments).toHaveLength(1);

  const before = (await detail()).notifications.length;
  await page.getByRole('button', { name: 'Re-send' }).dblclick();
  await expect(page.getByRole('alert').filter({ hasText: 'Message queued again' })).toBeVisible();
  // The staff reply and the ready message were there; the re-send adds one, not two.
  await expect.poll(async () => (await detail()).notifications.length).toBe(before + 1);
  await expect(page.getByRole('alert').filter({ hasText: 'Message queued again' })).toHaveCount(1);
});
