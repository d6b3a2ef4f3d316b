import { addCustomer, addJob, addRepair, dayFromToday, openShop } from './support/api.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible } from './support/look.js';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const sideways = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

test('on a phone every screen is reached from the menu, and none scrolls sideways', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Grace Holloway');
  await addJob(page, { title: 'Oval sapphire halo with a long title that has to wrap', customerId: c.id, quotedCents: 420_000 });
  await addRepair(page, { customerId: c.id, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] });
  // What a working shop has and a new one does not, each of which once made a page scroll sideways: a
  // late job in a column out of view (its card's hidden "Overdue" words), the hub's table of late jobs,
  // and a ready message whose tracking address is one long word.
  await addJob(page, { title: 'Signet ring, past its day', customerId: c.id, dueDate: dayFromToday(-2) }, ['consultation']);
  expect((await page.request.put('/api/v1/settings/notifications', { data: { defaultChannel: 'preview', readyDelayMinutes: 0 } })).status()).toBe(200);
  await addJob(page, { title: 'Pearl drop earrings', customerId: c.id }, ['ready']);
  await expect
    .poll(async () =>
      ((await (await page.request.get('/api/v1/notifications')).json()) as { items: { body?: string }[] }).items.some((m) => m.body?.includes('/track/')),
    )
    .toBe(true);
  await page.goto('/workshop');
  const screens: [string, RegExp][] = [
    ['Workshop', /\/workshop$/],
    ['Bespoke', /\/bespoke$/],
    ['Repairs', /\/repairs$/],
    ['Intake', /\/intake$/],
    ['Messages', /\/messages$/],
  ];
  for (const [name, url] of screens) {
    await page.getByRole('button', { name: 'Open the menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole('button', { name: 'Open the menu' })).toBeVisible();
    await expect.poll(() => sideways(page), { message: `${name} scrolls sideways` }).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `test-results/screens/phone-${name.toLowerCase()}-390.png`, fullPage: true });
  }
  await page.getByRole('button', { name: 'Open the menu' }).click();
  await expectAccessible(page, 'phone menu');
  await page.screenshot({ path: 'test-results/screens/phone-menu-390.png' });
  await page.getByRole('button', { name: 'Close the menu' }).click();

  await page.getByRole('button', { name: /Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});
