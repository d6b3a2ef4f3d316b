import sharp from 'sharp';
import { addCustomer, addJob, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('the owner sets the shop’s details: customers see them on the tracking page, and phone numbers read as the new country’s', async ({ page }) => {
  await openShop(page, { shopName: 'Hatton & Daughters' });
  await page.goto('/bespoke');
  await page.getByRole('button', { name: /Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Shop details' }).click();
  await expect(page.getByRole('heading', { name: 'Shop', level: 1 })).toBeVisible();

  await page.getByLabel('Shop name').fill('Hatton & Daughters, Fremantle');
  await page.getByLabel('Phone').fill('(08) 9335 1234');
  await page.getByLabel('Address').fill('12 High Street\nFremantle WA 6160');
  await page.getByLabel('Opening hours').fill('Tue–Sat 10–5');
  await page.getByRole('combobox', { name: 'Country' }).fill('Austral');
  await page.getByRole('option', { name: 'Australia' }).click();
  await page.getByRole('combobox', { name: 'Time zone' }).fill('Australia/Perth');
  await page.getByRole('option', { name: 'Australia/Perth' }).click();
  await page.getByLabel('Logo link').fill('not a link');
  await page.getByRole('button', { name: 'Save shop details' }).click();
  await expect(page.getByLabel('Logo link')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Logo link').fill('');
  await page.getByRole('button', { name: 'Save shop details' }).click();
  await expect(page.getByText('Shop details saved')).toBeVisible();
  await expect(page.getByRole('button', { name: /Account: .*Hatton & Daughters, Fremantle/ })).toBeVisible();
  await expectAccessible(page, 'shop-settings');
  await shoot(page, 'shop-settings');

  // After a reload the form reads back what was saved.
  await page.reload();
  await expect(page.getByLabel('Phone')).toHaveValue('(08) 9335 1234');
  await expect(page.getByRole('combobox', { name: 'Country' })).toHaveValue('Australia');

  // An Australian mobile typed the local way is stored in full.
  const customer = await page.request.post('/api/v1/customers', { data: { name: 'Kylie Nguyen', phone: '0412 345 678' } });
  expect((await customer.json()).phone).toBe('+61412345678');

  const c = await addCustomer(page, 'Grace Holloway');
  const job = await addJob(page, { title: 'Opal pendant', customerId: c.id });
  const detail = await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json();
  await page.goto(new URL(detail.tracking.url).pathname);
  await expect(page.getByRole('heading', { name: 'Hatton & Daughters, Fremantle', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: '(08) 9335 1234' })).toHaveAttribute('href', 'tel:0893351234');
  await expect(page.getByText('Fremantle WA 6160')).toBeVisible();
});

test('the owner uploads the shop’s logo: settings show it, and customers see it on the tracking page', async ({ page }) => {
  await openShop(page, { shopName: 'Magenta Rings' });
  await page.goto('/settings/shop');
  await expect(page.getByRole('heading', { name: 'Shop', level: 1 })).toBeVisible();
  const logo = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#862e9c' } })
    .png()
    .toBuffer();
  await page.locator('input[type="file"][accept*="image/png"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
  const shown = page.getByRole('img', { name: 'The shop’s logo' });
  await expect(shown).toBeVisible();
  const logoUrl = (await shown.getAttribute('src')) ?? '';
  expect(new URL(logoUrl).pathname).toMatch(/^\/logo\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.png$/);

  const c = await addCustomer(page, 'Grace Holloway');
  const job = await addJob(page, { title: 'Opal pendant', customerId: c.id });
  const detail = await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json();
  await page.goto(new URL(detail.tracking.url).pathname);
  await expect(page.getByRole('heading', { name: 'Magenta Rings', level: 1 })).toBeVisible();
  const onTrack = page.locator(`header img[src="${logoUrl}"]`);
  await expect(onTrack).toBeVisible();
  // Loaded, not a broken image: the tracking page's policy lets it in, and it is Loupe's resized copy (600 wide).
  await expect.poll(() => page.evaluate<number>('document.querySelector("header img").naturalWidth')).toBe(600);
  await page.screenshot({ path: 'test-results/screens/track-logo-1440.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(onTrack).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/track-logo-390.png' });
});
