import { addJob, addRepair, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('a customer is found by phone typed any way, and their page shows every job with what is owed, and keeps notes', async ({ page }) => {
  await openShop(page);
  const made = await page.request.post('/api/v1/customers', { data: { name: 'Grace Holloway', phone: '07912 345678', email: 'grace@example.test' } });
  const grace = await made.json();
  // A number libphonenumber files under Guernsey (+44 7911 1…), dialled from Britain as any other mobile.
  await page.request.post('/api/v1/customers', { data: { name: 'Someone Else', phone: '07911 123456' } });
  const ring = await addJob(page, { title: 'Oval sapphire halo', customerId: grace.id, quotedCents: 420_000 });
  expect((await page.request.post(`/api/v1/bespoke/${ring.id}/payments`, { data: { kind: 'deposit', amountCents: 100_000, method: 'card' } })).status()).toBe(
    201,
  );
  const repair = await addRepair(page, { customerId: grace.id, itemType: 'necklace', workLines: [{ kind: 're_string', priceCents: 2_500 }] });
  // Called off after a deposit: its price is owed by no one, and the deposit is held for her.
  const earrings = await addJob(page, { title: 'Pearl drop earrings', customerId: grace.id, quotedCents: 50_000 }, ['consultation']);
  const deposit = await page.request.post(`/api/v1/bespoke/${earrings.id}/payments`, { data: { kind: 'deposit', amountCents: 10_000, method: 'cash' } });
  expect(deposit.status()).toBe(201);
  expect((await page.request.post(`/api/v1/bespoke/${earrings.id}/stage`, { data: { from: 'consultation', to: 'cancelled' } })).status()).toBe(200);

  await page.goto('/workshop');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Latest customers' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('list', { name: 'Latest customers' }).getByRole('listitem').filter({ hasText: 'Someone Else' })).toContainText('07911 123456');
  await page.getByRole('searchbox', { name: 'Find a customer' }).fill('+44 7912 345678');
  const found = page.getByRole('list', { name: 'Customers found' });
  await expect(found.getByRole('listitem')).toHaveCount(1);
  // Written as the shop would write it, not as stored (+447912345678).
  await expect(found.getByRole('listitem')).toContainText('07912 345678 · grace@example.test');
  await found.getByRole('link', { name: 'Grace Holloway' }).click();

  await expect(page.getByRole('heading', { name: 'Grace Holloway', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: '07912 345678' })).toHaveAttribute('href', 'tel:+447912345678');
  const jobs = page.getByRole('list', { name: 'Jobs' });
  const ringRow = jobs.getByRole('listitem', { name: `${ring.reference} Oval sapphire halo` });
  await expect(ringRow).toContainText('Enquiry');
  await expect(ringRow).toContainText('£1,000.00');
  await expect(ringRow).toContainText('£3,200.00');
  await expect(jobs.getByRole('listitem', { name: new RegExp(`^${repair.reference} `) })).toContainText('£25.00');
  await expect(page.getByRole('region', { name: 'Jobs (3)' })).toContainText('Owing £3,225.00');
  await expect(page.getByRole('region', { name: 'Jobs (3)' })).toContainText('Held on cancelled jobs £100.00');
  await expect(jobs.getByRole('listitem', { name: `${earrings.reference} Pearl drop earrings` })).toContainText('Held£100.00');
  await expect(page.getByRole('region', { name: 'Payments' })).toContainText(`Deposit · ${ring.reference} · card`);

  await page.getByRole('textbox', { name: 'Notes' }).fill('Ring size N½; wears white gold only');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await expect(page.getByText('Notes saved')).toBeVisible();
  await expectAccessible(page, 'customer');
  await shoot(page, 'customer');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Notes' })).toHaveValue('Ring size N½; wears white gold only');

  await jobs.getByRole('link', { name: ring.reference }).click();
  await expect(page).toHaveURL(new RegExp(`/bespoke/${ring.id}$`));
  // And from the job, the customer's name leads back to them.
  await page.getByRole('link', { name: 'Grace Holloway' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${grace.id}$`));
});

test('a new customer is added from the customers screen, once however often the button is pressed', async ({ page }) => {
  await openShop(page);
  await page.goto('/customers');
  await expect(page.getByText('No customers yet.')).toBeVisible();
  await page.getByRole('button', { name: 'New customer' }).click();
  const dialog = page.getByRole('dialog', { name: 'New customer' });
  await dialog.getByLabel('Name').fill('Isla McAllister');
  await dialog.getByLabel('Phone').fill('07834 567890');
  await dialog.getByRole('button', { name: 'Add customer' }).dblclick();
  await expect(page.getByRole('heading', { name: 'Isla McAllister', level: 1 })).toBeVisible();
  const all = await (await page.request.get('/api/v1/customers')).json();
  expect(all.items.map((c: { name: string }) => c.name)).toEqual(['Isla McAllister']);
  await expectAccessible(page, 'customer-new');
  await page.goto('/customers');
  await shoot(page, 'customers');

  // The same phone typed another way: the existing customer is offered instead of a second record.
  await page.getByRole('button', { name: 'New customer' }).click();
  await dialog.getByLabel('Name').fill('Isla M');
  await dialog.getByLabel('Phone').fill('+44 7834 567 890');
  await expect(dialog.getByRole('status')).toContainText('Isla McAllister has this phone number');
  // The yellow alert's title was yellow on its tint (2.68:1) until every light alert's title was made dark.
  await expectAccessible(page, 'customer-duplicate');
  await dialog.getByRole('link', { name: 'Isla McAllister' }).click();
  await expect(page.getByRole('heading', { name: 'Isla McAllister', level: 1 })).toBeVisible();
});
