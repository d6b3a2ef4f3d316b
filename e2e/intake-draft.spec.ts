import sharp from 'sharp';
import { addCustomer, openShop } from './support/api.js';
import { expect, type Locator, type Page, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

const photo = (background: string) =>
  sharp({ create: { width: 480, height: 360, channels: 3, background } })
    .jpeg()
    .toBuffer();

/**
 * How many photos the intake drafts hold in IndexedDB. A string, run as the debugger would: the staff app's
 * CSP refuses eval. It never opens the database before the app has made it: an empty one of the same name
 * would lack the app's object store.
 */
const keptPhotos = `(async () => {
  if (!(await indexedDB.databases()).some((d) => d.name === 'loupe-intake')) return 0;
  const db = await new Promise((ok, fail) => { const r = indexedDB.open('loupe-intake'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  try {
    if (!db.objectStoreNames.contains('draft-photos')) return 0;
    const all = await new Promise((ok, fail) => { const r = db.transaction('draft-photos').objectStore('draft-photos').getAll(); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    return all.reduce((n, d) => n + d.photos.length, 0);
  } finally {
    db.close();
  }
})()`;

// Mantine's FileInput is a button over a hidden input: the files go to the input.
const photoInput = (page: Page): Locator => page.locator('input[type="file"]');
/** Makes every kept photo draft look five days old, as if left on the tablet since then. */
const ageKeptPhotos = `(async () => {
  const db = await new Promise((ok, fail) => { const r = indexedDB.open('loupe-intake'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  try {
    const tx = db.transaction('draft-photos', 'readwrite');
    const store = tx.objectStore('draft-photos');
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return;
      c.update({ ...c.value, savedAt: Date.now() - 5 * 24 * 60 * 60 * 1000 });
      c.continue();
    };
    await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
  } finally {
    db.close();
  }
})()`;

const draftPhotos = (page: Page): Locator => page.getByRole('list', { name: 'Photos in this draft' });

async function expectShown(img: Locator): Promise<void> {
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
}

async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A repair at the counter with everything it needs to be booked in, but no photos yet. */
async function startRepair(page: Page, customer: string, title: string): Promise<void> {
  await page.goto('/intake?tab=repairs');
  const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
  await picker.click();
  await picker.fill(customer.split(' ')[0] ?? customer);
  await page.getByRole('option', { name: new RegExp(customer) }).click();
  await pick(page, 'Item', 'Ring');
  await page.getByRole('textbox', { name: 'Title' }).fill(title);
  await pick(page, 'Work, line 1', 'Resize');
  await page.getByRole('textbox', { name: 'Price, line 1' }).fill('45');
}

test('photos in the intake draft come back after a reload, a removed one stays removed, and booking in puts them on the repair', async ({ page }) => {
  await openShop(page);
  await addCustomer(page, 'Olive Marsh');
  await startRepair(page, 'Olive Marsh', 'Resize wedding band');
  await photoInput(page).setInputFiles([
    { name: 'band-top.jpg', mimeType: 'image/jpeg', buffer: await photo('#c9a86f') },
    { name: 'band-inside.jpg', mimeType: 'image/jpeg', buffer: await photo('#6f8fc9') },
  ]);
  await expect(draftPhotos(page).getByRole('img')).toHaveCount(2);
  await expectShown(draftPhotos(page).getByRole('img', { name: 'band-inside.jpg' }));

  // One taken away from the draft is taken away from what is kept too.
  await draftPhotos(page).getByRole('button', { name: 'Remove band-inside.jpg' }).click();
  await expect(draftPhotos(page).getByRole('img')).toHaveCount(1);
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(1);
  await expect.poll(() => page.evaluate<boolean>(`Object.values(localStorage).some((v) => v.includes('Resize wedding band'))`)).toBe(true);

  // The tablet reloads: the fields and the photo are back, the photo seen as it was taken.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('Resize wedding band');
  await expect(draftPhotos(page).getByRole('img')).toHaveCount(1);
  await expectShown(draftPhotos(page).getByRole('img', { name: 'band-top.jpg' }));
  await expect(page.getByText('Draft kept on this device')).toBeVisible();
  await draftPhotos(page).scrollIntoViewIfNeeded();
  await expectAccessible(page, 'intake-draft-photos');
  await shoot(page, 'intake-draft-photos');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectShown(draftPhotos(page).getByRole('img', { name: 'band-top.jpg' }));
  await page.screenshot({ path: 'test-results/screens/intake-draft-photos-390.png', fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  // Another photo from the camera is added to the one kept, not put in its place.
  await photoInput(page).setInputFiles({ name: 'band-side.jpg', mimeType: 'image/jpeg', buffer: await photo('#c96f8f') });
  await expect(draftPhotos(page).getByRole('img')).toHaveCount(2);
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(2);

  await page.getByRole('button', { name: 'Book in repair' }).click();
  const done = page.getByRole('alert').filter({ hasText: 'R-0001 booked in' });
  await expect(done).toBeVisible();
  await expect(done).not.toContainText('photos were not saved');
  await expect(draftPhotos(page)).toHaveCount(0);
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(0);

  await done.getByRole('link', { name: 'Open R-0001' }).click();
  await expect(page.getByRole('heading', { name: 'Resize wedding band' })).toBeVisible();
  const bookedIn = page.getByRole('region', { name: 'Booked in photos' });
  await expect(bookedIn.getByTestId('photo')).toHaveCount(2);
  await expect(bookedIn.getByRole('button', { name: 'Open band-top.jpg large' })).toBeVisible();
  await expect(bookedIn.getByRole('button', { name: 'Open band-side.jpg large' })).toBeVisible();
  await expectShown(bookedIn.getByRole('img').first());

  // Taken in, the draft is gone for good: a reload brings back no photo.
  await page.goto('/intake?tab=repairs');
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Clear form' })).toBeDisabled();
  await expect(draftPhotos(page)).toHaveCount(0);
});

test('a cleared draft does not bring its photo back after a reload', async ({ page }) => {
  await openShop(page);
  await addCustomer(page, 'Ruth Adeyemi');
  await startRepair(page, 'Ruth Adeyemi', 'Clasp replacement');
  await photoInput(page).setInputFiles({ name: 'clasp.jpg', mimeType: 'image/jpeg', buffer: await photo('#8fc96f') });
  await expectShown(draftPhotos(page).getByRole('img', { name: 'clasp.jpg' }));
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(1);

  await page.getByRole('button', { name: 'Clear form' }).click();
  await expect(draftPhotos(page)).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('');
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(0);

  await page.reload();
  await expect(page.getByRole('tab', { name: 'Repair' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Clear form' })).toBeDisabled();
  await expect(draftPhotos(page)).toHaveCount(0);
});

test('where the browser will not keep photos (storage full), the counter still books the repair in with its photo and says nothing of it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(`IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };`);
  await openShop(page);
  await addCustomer(page, 'Olive Marsh');
  await startRepair(page, 'Olive Marsh', 'Re-tip claws');
  await photoInput(page).setInputFiles({ name: 'claws.jpg', mimeType: 'image/jpeg', buffer: await photo('#c96f8f') });
  await expectShown(draftPhotos(page).getByRole('img', { name: 'claws.jpg' }));
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByRole('button', { name: 'Book in repair' }).click();
  const done = page.getByRole('alert').filter({ hasText: 'R-0001 booked in' });
  await expect(done).toBeVisible();
  await expect(done).not.toContainText('photos were not saved');
  await done.getByRole('link', { name: 'Open R-0001' }).click();
  await expect(page.getByRole('region', { name: 'Booked in photos' }).getByTestId('photo')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a photo draft stays with its shop, and one left for days is let go', async ({ page }) => {
  await openShop(page, { shopName: 'Marsh & Co' });
  await addCustomer(page, 'Olive Marsh');
  await startRepair(page, 'Olive Marsh', 'Solder broken link');
  await photoInput(page).setInputFiles({ name: 'link.jpg', mimeType: 'image/jpeg', buffer: await photo('#6fc9b8') });
  await expectShown(draftPhotos(page).getByRole('img', { name: 'link.jpg' }));
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(1);

  // Another shop signed in on the same tablet sees none of it.
  await openShop(page, { shopName: 'Keel Jewellers' });
  await page.goto('/intake?tab=repairs');
  await expect(page.getByRole('banner').getByRole('button', { name: /, Keel Jewellers$/ })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Title' })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Clear form' })).toBeDisabled();
  await expect(draftPhotos(page)).toHaveCount(0);
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(1);

  // Left for days, it is let go at the next load.
  await page.evaluate(ageKeptPhotos);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Title' })).toBeVisible();
  await expect.poll(() => page.evaluate<number>(keptPhotos)).toBe(0);
});
