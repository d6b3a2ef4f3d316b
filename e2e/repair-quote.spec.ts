import { addCustomer, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible } from './support/look.js';

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test('the customer approves a repair quote from the tracking page; the repair moves to approved', async ({ page, browser }) => {
  await openShop(page);
  const customer = await addCustomer(page, 'Harry Thornton');
  const created = await page.request.post('/api/v1/repairs', {
    data: {
      customerId: customer.id,
      itemType: 'ring',
      workLines: [
        { kind: 're_tip', description: 'Four claws', priceCents: 9_000 },
        { kind: 'polish', priceCents: 2_000 },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const repair = (await created.json()) as { id: string; reference: string; tracking: { url: string } };
  expect((await page.request.post(`/api/v1/repairs/${repair.id}/stage`, { data: { to: 'quoted' } })).status()).toBe(200);

  const context = await browser.newContext({ ...phone });
  const phonePage = await context.newPage();
  await phonePage.goto(new URL(repair.tracking.url).pathname);
  await expect(phonePage.locator('[aria-current="step"]')).toHaveText('Quote ready for you');
  const quote = phonePage.getByRole('region', { name: 'Your quote' });
  await expect(quote).toContainText('Re-tip claws');
  await expect(quote).toContainText('£110.00');
  await expectAccessible(phonePage, 'tracking page, repair quote');
  await phonePage.screenshot({ path: 'test-results/screens/tracking-quote-phone.png', fullPage: true });

  await phonePage.getByRole('button', { name: 'Approve quote' }).click();
  await expect(phonePage.getByText('Thank you: you approved the quote.')).toBeVisible();
  await expect(phonePage.locator('[aria-current="step"]')).toHaveText('Quote approved');
  await expect(phonePage.getByRole('region', { name: 'Your quote' })).toHaveCount(0);
  await context.close();

  const detail = (await (await page.request.get(`/api/v1/repairs/${repair.id}`)).json()) as {
    stage: string;
    stages: { stage: string; actorLabel: string | null }[];
  };
  expect(detail.stage).toBe('approved');
  expect(detail.stages.at(-1)).toMatchObject({ stage: 'approved', actorLabel: 'Customer (via tracking link)' });
});
