import { addCustomer, addRepair, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('each page’s title names the page', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Hester Vane');
  const repair = await addRepair(page, { customerId: c.id, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] });
  const titles: [string, string | RegExp][] = [
    ['/workshop', 'Workshop · Loupe'],
    ['/bespoke', 'Bespoke jobs · Loupe'],
    ['/repairs', 'Repairs · Loupe'],
    ['/intake', 'Intake · Loupe'],
    ['/customers', 'Customers · Loupe'],
    [`/customers/${c.id}`, 'Hester Vane · Loupe'],
    [`/repairs/${repair.id}`, new RegExp(`^${repair.reference} .+ · Loupe$`)],
    ['/messages', 'Messages · Loupe'],
    ['/settings/shop', 'Shop settings · Loupe'],
    ['/settings/staff', 'Staff · Loupe'],
    ['/no-such-page', 'Not found · Loupe'],
  ];
  for (const [path, title] of titles) {
    await page.goto(path);
    await expect(page).toHaveTitle(title);
  }
});

test('on a phone (390 px) the job page puts the stage, the move and the money before the details, photos and history', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openShop(page);
  const c = await addCustomer(page, 'Hester Vane');
  const repair = await addRepair(page, { customerId: c.id, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] });
  await page.goto(`/repairs/${repair.id}`);
  const top = async (name: string | RegExp, role: 'heading' | 'button' = 'heading') => {
    const box = await page
      .getByRole(role, { name, exact: typeof name === 'string' })
      .first()
      .boundingBox();
    if (!box) throw new Error(`${String(name)} is not on the page`);
    return box.y;
  };
  await expect(page.getByRole('heading', { name: 'History' })).toBeAttached();
  // The reference with its stage badge, at the top.
  const stage = (await page.getByText(repair.reference, { exact: true }).first().boundingBox())?.y ?? Number.POSITIVE_INFINITY;
  const move = await top('Move', 'button');
  const money = await top('Money');
  const photos = await top('Photos and files');
  const history = await top('History');
  expect(stage).toBeLessThan(move);
  expect(move).toBeLessThan(money);
  expect(money).toBeLessThan(photos);
  expect(money).toBeLessThan(history);
  // The stage line's labels never run into each other: each starts after the one before ends.
  const labels = await page.getByRole('navigation', { name: 'Stages' }).getByRole('listitem').all();
  const boxes = await Promise.all(labels.map(async (l) => (await l.locator('p').first().boundingBox()) ?? { x: 0, width: 0 }));
  for (let i = 1; i < boxes.length; i++) expect(boxes[i]?.x ?? 0).toBeGreaterThanOrEqual((boxes[i - 1]?.x ?? 0) + (boxes[i - 1]?.width ?? 0));
  // No sideways scroll on the page.
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
  await expectAccessible(page, 'job page at 390 px');
  await page.screenshot({ path: 'test-results/screens/job-page-390.png', fullPage: false });
  await shoot(page, 'job-page');
});

test('a notice appears below the header, never over its New button or menu', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Hester Vane');
  const notice = page.locator('.mantine-Notification-root').filter({ hasText: 'Notes saved' });
  /** Whether a click at the middle of `name` (a header button) lands on it, not on something over it. */
  const reachable = async (name: string | RegExp) => {
    const button = page.getByRole('banner').getByRole('button', { name });
    const box = await button.boundingBox();
    if (!box) throw new Error(`no ${String(name)} in the header`);
    return button.evaluate((el, at) => el.contains(el.ownerDocument.elementFromPoint(at.x, at.y)), { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  };
  for (const [width, button] of [
    [1440, /^New$/],
    [390, /Open the menu/],
  ] as const) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto(`/customers/${c.id}`);
    await page.getByRole('textbox', { name: 'Notes' }).fill(`Size N, wears platinum (${width})`);
    await page.getByRole('button', { name: 'Save notes' }).click();
    await expect(notice).toBeVisible();
    const header = await page.getByRole('banner').boundingBox();
    expect((await notice.boundingBox())?.y ?? 0).toBeGreaterThanOrEqual((header?.y ?? 0) + (header?.height ?? 0));
    expect(await reachable(button)).toBe(true);
    await notice.getByRole('button').click();
    await expect(notice).toHaveCount(0);
  }
});

test('marking a repair collected with money still owing says how much, on the form and on its button', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Hester Vane');
  const repair = await addRepair(page, { customerId: c.id, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] }, ['ready']);
  await page.goto(`/repairs/${repair.id}`);
  const chooseCollected = async () => {
    await page.getByRole('combobox', { name: 'Move to' }).click();
    await page.getByRole('option', { name: 'Collected', exact: true }).click();
  };
  await chooseCollected();
  await expect(page.getByRole('status').filter({ hasText: '£45.00 is still owed' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Move to Collected, £45.00 still owing' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/collect-owing-1440.png' });

  // Paid in full: an ordinary move, nothing to warn of.
  expect((await page.request.post(`/api/v1/repairs/${repair.id}/payments`, { data: { kind: 'payment', amountCents: 4_500, method: 'Card' } })).status()).toBe(
    201,
  );
  await page.reload();
  await chooseCollected();
  await expect(page.getByRole('button', { name: 'Move to Collected', exact: true })).toBeVisible();
  await expect(page.getByText('is still owed')).toHaveCount(0);
});
