import { addCustomer, addRepair, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';

test('a manager voids a payment taken twice: it stays listed, marked, and the balance is back', async ({ page }) => {
  await openShop(page);
  const customer = await addCustomer(page, 'Iris Calloway');
  const repair = await addRepair(page, {
    customerId: customer.id,
    itemType: 'ring',
    workLines: [{ kind: 'resize', description: 'N to P', priceCents: 42_500 }],
  });
  for (let i = 0; i < 2; i++) {
    const res = await page.request.post(`/api/v1/repairs/${repair.id}/payments`, { data: { kind: 'payment', amountCents: 42_500, method: 'Card' } });
    expect(res.status()).toBe(201);
  }
  await page.goto(`/repairs/${repair.id}`);
  await expect(page.getByTestId('balance-owing')).toContainText('425.00');

  await page.getByRole('button', { name: 'Void payment of £425.00' }).last().click();
  const dialog = page.getByRole('dialog', { name: 'Void payment of £425.00' });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Card charged twice');
  await dialog.getByRole('button', { name: 'Void payment' }).dblclick();

  await expect(page.getByText('Payment of £425.00 voided')).toBeVisible();
  await expect(page.getByTestId('balance-owing')).toContainText('£0.00');
  await expect(page.getByText(/Voided by .* · Card charged twice/)).toBeVisible();
  // One void, one payment still counting, both still listed.
  await expect(page.getByRole('button', { name: 'Void payment of £425.00' })).toHaveCount(1);
  const detail = await (await page.request.get(`/api/v1/repairs/${repair.id}`)).json();
  expect(detail.payments).toHaveLength(2);
  expect(detail.payments.filter((p: { voided: unknown }) => p.voided)).toHaveLength(1);
  expect(detail.financials.paidCents).toBe(42_500);
  await page.getByTestId('balance-owing').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/counter-shots/void-1440.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('balance-owing').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/counter-shots/void-390.png' });
});
