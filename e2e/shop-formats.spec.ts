import { addCustomer, addJob, dayFromToday, openShop } from './support/api.js';
import { card } from './support/board.js';
import { expect, test } from './support/fixtures.js';

test('an American shop sees dollars, American dates and New York times', async ({ page }) => {
  await openShop(page, { shopName: 'Fifth Avenue Settings', locale: 'en-US', currency: 'USD', timeZone: 'America/New_York' });
  const c = await addCustomer(page, 'Madison Clarke');
  const job = await addJob(page, { title: 'Cathedral solitaire', customerId: c.id, quotedCents: 1_250_000, dueDate: '2031-03-09' });
  const soon = dayFromToday(7);
  await addJob(page, { title: 'Eternity band', customerId: c.id, dueDate: soon });

  await page.goto('/bespoke');
  // A card shows a far due date as month and year, a near one as month and day (American order), the full date on hover.
  const first = card(page, 'B-0001');
  await expect(first).toContainText('Quoted $12,500');
  await expect(first).toContainText('Mar 2031');
  await expect(first.getByTitle('Due Mar 9, 2031')).toBeVisible();
  const near = new Date(`${soon}T00:00:00Z`);
  const monthDay = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(near);
  const full = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'medium' }).format(near);
  await expect(card(page, 'B-0002').getByTitle(`Due ${full}`)).toHaveText(monthDay);

  await page.goto(`/bespoke/${job.id}`);
  await expect(page.getByTestId('balance-owing')).toContainText('$12,500.00');
  const entered = page.getByTestId('history-row').first().locator('time');
  const at = await entered.getAttribute('datetime');
  if (!at) throw new Error('history row has no datetime');
  const expected = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
  await expect(entered).toHaveText(expected);
});
