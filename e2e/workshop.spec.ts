import { addCustomer, addJob, addRepair, dayFromToday, openShop } from './support/api.js';
import { startClockedLoupe } from './support/clocked-loupe.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test('the workshop hub shows jobs per stage, the overdue, one ready shelf and the week ahead, of every pipeline', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'George Patel');
  await addJob(page, { title: 'Late pendant', customerId: c.id, dueDate: dayFromToday(-2) }, ['consultation']);
  await addJob(page, { title: 'Ruby bangle', customerId: c.id }, ['ready']);
  await addJob(page, { title: 'Friday ring', customerId: c.id, dueDate: dayFromToday(3) }, ['consultation', 'cad']);
  await addJob(page, { title: 'Next month brooch', customerId: c.id, dueDate: dayFromToday(30) });
  const lateRepair = await addRepair(page, {
    customerId: c.id,
    itemType: 'necklace',
    dueDate: dayFromToday(-1),
    workLines: [{ kind: 'solder', priceCents: 2_000 }],
  });
  const soonRepair = await addRepair(page, {
    customerId: c.id,
    itemType: 'ring',
    dueDate: dayFromToday(2),
    workLines: [{ kind: 'resize', priceCents: 4_500 }],
  });

  await page.goto('/workshop');
  await expect(page.getByRole('button', { name: 'Consultation: 1 jobs' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ready: 1 jobs' })).toBeVisible();

  const overdue = page.getByRole('region', { name: 'Overdue', exact: true });
  await expect(overdue).toContainText('B-0001');
  await expect(overdue).toContainText(lateRepair.reference);
  await expect(overdue).not.toContainText('B-0003');

  // One ready shelf, of every kind.
  const shelf = page.getByRole('table', { name: /Ready for collection/ });
  await expect(shelf).toHaveCount(1);
  await expect(shelf).toContainText('B-0002');
  await expect(shelf.getByRole('cell', { name: /just now|minute|second/ })).toBeVisible();

  const week = page.getByRole('region', { name: 'Due this week' });
  await expect(week).toContainText('B-0003');
  await expect(week).toContainText(soonRepair.reference);
  await expect(week).not.toContainText('B-0004');
  await expect(week).not.toContainText(lateRepair.reference);

  await expectAccessible(page, 'workshop');
  await shoot(page, 'workshop');
});

test('the ready shelf’s "Held over 7 days" filter keeps only what has waited more than a week', async ({ browser }) => {
  // Stage moves are stamped with the server's time, so this Loupe runs with a clock the test sets.
  const loupe = await startClockedLoupe();
  const context = await browser.newContext({ baseURL: loupe.url });
  try {
    const page = await context.newPage();
    await openShop(page);
    const c = await addCustomer(page, 'Imogen Ashworth');
    const now = Date.now();
    const daysAgo = (n: number) => new Date(now - n * 86_400_000);
    loupe.clock.set(daysAgo(10));
    const held = await addRepair(page, { customerId: c.id, itemType: 'ring', workLines: [{ kind: 'resize', priceCents: 4_500 }] }, ['ready']);
    loupe.clock.set(daysAgo(2));
    const fresh = await addJob(page, { title: 'Pearl drop earrings', customerId: c.id }, ['ready']);
    loupe.clock.set(new Date(now));

    await page.goto('/workshop');
    const hub = page.getByRole('region', { name: 'Bespoke, repairs and appraisals' });
    const shelf = hub.getByRole('table', { name: /Ready for collection/ });
    const row = (reference: string) => shelf.getByRole('row', { name: new RegExp(`^${reference} `) });
    await expect(row(held.reference)).toContainText('10 days');
    await expect(row(fresh.reference)).toContainText('2 days');

    const heldOver = hub.getByRole('switch', { name: 'Held over 7 days' });
    await heldOver.check();
    await expect(heldOver).toBeChecked();
    await expect(row(held.reference)).toBeVisible();
    await expect(row(held.reference)).toContainText('Repair');
    await expect(row(fresh.reference)).toHaveCount(0);
    await expect(shelf.getByRole('row')).toHaveCount(2);
    await expectAccessible(page, 'workshop held over');
    await shoot(page, 'workshop-held-over');

    await heldOver.uncheck();
    await expect(row(fresh.reference)).toBeVisible();
    await expect(shelf.getByRole('row')).toHaveCount(3);
  } finally {
    await context.close();
    await loupe.close();
  }
});
