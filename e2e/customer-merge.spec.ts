import { addCustomer, addJob, addRepair, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';

test('a customer entered twice is merged: their jobs and payments move to the kept record and the merge is recorded', async ({ page }) => {
  await openShop(page);
  const keep = await addCustomer(page, 'Imogen Fairweather');
  const dup = await addCustomer(page, 'Imogen Fairweather-Lee');
  const ring = await addJob(page, { title: 'Sapphire trilogy', customerId: dup.id, quotedCents: 120_000 });
  const repair = await addRepair(page, { customerId: dup.id, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] });
  expect((await page.request.post(`/api/v1/bespoke/${ring.id}/payments`, { data: { kind: 'deposit', amountCents: 30_000, method: 'Card' } })).status()).toBe(
    201,
  );

  await page.goto(`/customers/${dup.id}`);
  await expect(page.getByRole('heading', { name: 'Imogen Fairweather-Lee' })).toBeVisible();
  await page.getByRole('button', { name: 'Merge into…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge Imogen Fairweather-Lee into another customer' });
  const picker = dialog.getByRole('combobox', { name: 'Keep this customer' });
  await picker.fill('Imogen');
  await page.getByRole('option', { name: /^Imogen Fairweather( ·|$)/ }).click();
  await page.screenshot({ path: '/tmp/counter-shots/merge-dialog-1440.png' });
  await dialog.getByRole('button', { name: 'Merge' }).dblclick();

  await expect(page).toHaveURL(new RegExp(`/customers/${keep.id}$`));
  await expect(page.getByRole('heading', { name: 'Imogen Fairweather', exact: true })).toBeVisible();
  await expect(page.getByText(/Merged from Imogen Fairweather-Lee .* 2 jobs, 1 payment moved/)).toBeVisible();
  await expect(page.getByText('Sapphire trilogy')).toBeVisible();
  await expect(page.getByRole('link', { name: ring.reference })).toBeVisible();
  await expect(page.getByText(repair.reference).first()).toBeVisible();
  await page.screenshot({ path: '/tmp/counter-shots/merge-after-1440.png', fullPage: true });

  expect((await page.request.get(`/api/v1/customers/${dup.id}`)).status()).toBe(404);
  const kept = await (await page.request.get(`/api/v1/customers/${keep.id}`)).json();
  expect(kept.payments).toHaveLength(1);
  expect(kept.merges).toHaveLength(1);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: '/tmp/counter-shots/merge-after-390.png' });
});
