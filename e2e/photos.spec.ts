import sharp from 'sharp';
import { addCustomer, addJob, openShop } from './support/api.js';
import { card } from './support/board.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('the latest photo shows on the kanban card and in the detail page strip', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Amelia Khan');
  const job = await addJob(page, { title: 'Halo pendant, cushion morganite', customerId: c.id }, ['consultation', 'deposit_received', 'cad']);
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#b86fc9' } })
    .png()
    .toBuffer();
  const res = await page.request.post(`/api/v1/bespoke/${job.id}/attachments`, {
    multipart: { file: { name: 'render-front.png', mimeType: 'image/png', buffer: png }, caption: 'CAD render, front view' },
  });
  expect(res.status(), await res.text()).toBe(201);

  await page.goto('/bespoke');
  const thumb = card(page, 'B-0001').locator('img');
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

  await card(page, 'B-0001').getByRole('link', { name: 'B-0001' }).click();
  await expect(page.getByRole('heading', { name: 'Photos and files' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'CAD render, front view' })).toBeVisible();
  await expect(page.getByText('CAD · ')).toBeVisible();
  await expectAccessible(page, 'bespoke-detail-photos');
  await shoot(page, 'bespoke-detail-photos');
});
