import sharp from 'sharp';
import { addCustomer, addJob, openShop } from './support/api.js';
import { card } from './support/board.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

const photo = (background: string) =>
  sharp({ create: { width: 480, height: 360, channels: 3, background } })
    .jpeg()
    .toBuffer();

test('two photos attached at CAD are captioned, one made customer-visible, and come back that way after a reload', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Priya Nair');
  await addJob(page, { title: 'Pear sapphire pendant', customerId: c.id }, ['consultation', 'deposit_received', 'cad']);

  await page.goto('/bespoke');
  await card(page, 'B-0001').getByRole('link', { name: 'B-0001' }).click();
  const photos = page.getByRole('region', { name: 'Photos and files' });
  await expect(photos.getByRole('combobox', { name: 'Stage' })).toHaveValue('CAD');
  // The camera input: on a tablet, capture="environment" opens the back camera.
  const input = photos.getByLabel('Add photos to B-0001');
  await expect(input).toHaveAttribute('capture', 'environment');
  await photos.getByRole('textbox', { name: 'Caption for the next photos' }).fill('CAD render');
  await input.setInputFiles([
    { name: 'render-front.jpg', mimeType: 'image/jpeg', buffer: await photo('#6f8fc9') },
    { name: 'render-side.jpg', mimeType: 'image/jpeg', buffer: await photo('#c96f8f') },
  ]);
  const cad = photos.getByRole('region', { name: 'CAD photos' });
  await expect(cad.getByTestId('photo')).toHaveCount(2);

  // Caption each in place.
  await cad.getByRole('button', { name: 'Edit caption of CAD render' }).first().click();
  await cad.getByRole('textbox', { name: 'Caption' }).fill('Front view');
  await cad.getByRole('button', { name: 'Save caption' }).click();
  await expect(cad.getByText('Front view', { exact: true })).toBeVisible();
  await cad.getByRole('button', { name: 'Edit caption of CAD render' }).click();
  await cad.getByRole('textbox', { name: 'Caption' }).fill('Side profile');
  await cad.getByRole('textbox', { name: 'Caption' }).press('Enter');
  await expect(cad.getByText('Side profile', { exact: true })).toBeVisible();

  // Show the front view to the customer.
  const front = cad.getByTestId('photo').filter({ hasText: 'Front view' });
  await front.getByRole('switch', { name: 'Customer sees it' }).check();
  await expect(front.getByRole('switch', { name: 'Customer sees it' })).toBeChecked();
  await page.waitForLoadState('networkidle');

  await page.reload();
  const after = page.getByRole('region', { name: 'CAD photos' });
  await expect(after.getByTestId('photo')).toHaveCount(2);
  await expect(after.getByTestId('photo').filter({ hasText: 'Front view' }).getByRole('switch', { name: 'Customer sees it' })).toBeChecked();
  await expect(after.getByTestId('photo').filter({ hasText: 'Side profile' }).getByRole('switch', { name: 'Customer sees it' })).not.toBeChecked();
  await expectAccessible(page, 'bespoke-photos-manage');
  await shoot(page, 'bespoke-photos-manage');

  // The lightbox shows the display version.
  await after.getByRole('button', { name: 'Open Front view large' }).click();
  const box = page.getByRole('dialog', { name: 'Front view' });
  await expect(box.getByRole('img', { name: 'Front view' })).toBeVisible();
  await expect(box.getByText('Customer sees it')).toBeVisible();
  await expectAccessible(page, 'bespoke-photo-lightbox');
  await shoot(page, 'bespoke-photo-lightbox', { fullPage: false });
  await page.keyboard.press('Escape');

  // The kanban card shows the latest photo's thumbnail.
  await page.goto('/bespoke');
  const thumb = card(page, 'B-0001').locator('img');
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

  // Deleting asks first, then the photo is gone.
  await page.goBack();
  await page.getByRole('button', { name: 'Delete Side profile' }).click();
  await page.getByRole('dialog', { name: 'Delete this file?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('region', { name: 'CAD photos' }).getByTestId('photo')).toHaveCount(1);
});
