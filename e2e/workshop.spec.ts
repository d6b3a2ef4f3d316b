import { expect, test } from '@playwright/test';
import { addCustomer, addJob, dayFromToday, openShop } from './support/api.js';
import { expectAccessible, shoot } from './support/look.js';

test('the workshop hub shows jobs per stage, the overdue, the ready shelf and the week ahead', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'George Patel');
  await addJob(page, { title: 'Late pendant', customerId: c.id, dueDate: dayFromToday(-2) }, ['consultation']);
  await addJob(page, { title: 'Ruby bangle', customerId: c.id }, ['ready']);
  await addJob(page, { title: 'Friday ring', customerId: c.id, dueDate: dayFromToday(3) }, ['consultation', 'cad']);
  await addJob(page, { title: 'Next month brooch', customerId: c.id, dueDate: dayFromToday(30) });

  await page.goto('/workshop');
  await expect(page.getByRole('button', { name: 'Consultation: 1 jobs' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Ready: 1 jobs' })).toBeVisible();

  const overdue = page.getByRole('region', { name: 'Overdue' });
  await expect(overdue).toContainText('B-0001');
  await expect(overdue).not.toContainText('B-0003');

  const shelf = page.getByRole('region', { name: 'Ready shelf' });
  await expect(shelf).toContainText('B-0002');
  await expect(shelf.getByRole('cell', { name: /just now|minute|second/ })).toBeVisible();

  const week = page.getByRole('region', { name: 'Due this week' });
  await expect(week).toContainText('B-0003');
  await expect(week).not.toContainText('B-0004');

  await expectAccessible(page, 'workshop');
  await shoot(page, 'workshop');
});
