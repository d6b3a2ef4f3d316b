import { addCustomer, addJob, openShop, signInAs } from './support/api.js';
import { card, column, dragCard, expectInColumn } from './support/board.js';
import { expect, test } from './support/fixtures.js';

test('a move on one screen shows on another open screen of the shop within two seconds', async ({ page, browser }) => {
  const shop = await openShop(page);
  const c = await addCustomer(page, 'Amelia Khan');
  await addJob(page, { title: 'Eternity band', customerId: c.id });
  await addJob(page, { title: 'Pearl studs', customerId: c.id });

  const bench = await browser.newContext();
  const other = await bench.newPage();
  await signInAs(other.request, shop);
  await other.goto('/bespoke');
  await page.goto('/bespoke');
  await expectInColumn(other, 'B-0001', 'enquiry');
  await expectInColumn(page, 'B-0001', 'enquiry');
  // Wait until the other screen's event stream is open before anything moves.
  await expect(other.locator('html')).toHaveAttribute('data-live', 'open');

  await dragCard(page, 'B-0001', column(page, 'stone_sourcing'));
  await expectInColumn(page, 'B-0001', 'stone_sourcing');
  await expect(card(column(other, 'stone_sourcing'), 'B-0001')).toBeVisible({ timeout: 2_000 });
  await expect(card(column(other, 'enquiry'), 'B-0001')).toHaveCount(0, { timeout: 2_000 });

  // An edit on the detail page reaches the other board too.
  await other.goto('/bespoke');
  const res = await page.request.get('/api/v1/bespoke');
  const items = ((await res.json()) as { items: { id: string; reference: string }[] }).items;
  const studs = items.find((j) => j.reference === 'B-0002');
  if (!studs) throw new Error('B-0002 missing');
  await page.goto(`/bespoke/${studs.id}`);
  await page.getByRole('button', { name: 'Record deposit' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Amount' }).fill('75');
  await page.getByRole('dialog').getByRole('button', { name: 'Record deposit' }).click();
  await expect(card(other, 'B-0002')).toContainText('Deposit £75', { timeout: 2_000 });
  await bench.close();
});
