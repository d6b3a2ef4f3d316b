import { addCustomer, addJob, dayFromToday, moveJob, openShop } from './support/api.js';
import { card, column, dragCard, expectInColumn, handle, moveByKeys } from './support/board.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

test.beforeEach(async ({ page }) => {
  await openShop(page);
});

test('a card dragged across columns is still there after a reload, with its history row', async ({ page }) => {
  const grace = await addCustomer(page, 'Grace Holloway');
  await addJob(page, { title: 'Oval sapphire halo', customerId: grace.id, quotedCents: 420_000, dueDate: dayFromToday(-3) });
  await addJob(page, { title: 'Signet ring', customerId: grace.id, quotedCents: 95_000, dueDate: dayFromToday(20) });
  await page.goto('/bespoke');

  const first = card(page, 'B-0001');
  await expect(first).toContainText('Grace Holloway');
  await expect(first).toContainText('5%');
  await expect(first).toContainText('Quoted £4,200');
  await expect(first).toContainText('Deposit £0');
  await expect(first.getByText(/Overdue/)).toBeAttached();
  await expect(card(page, 'B-0002').getByText(/Overdue/)).toHaveCount(0);
  await expectAccessible(page, 'bespoke-kanban');
  await shoot(page, 'bespoke-kanban', { fullPage: false });

  await dragCard(page, 'B-0001', column(page, 'cad'));
  await expectInColumn(page, 'B-0001', 'cad');
  await expect(card(page, 'B-0001')).toContainText('55%');

  await page.reload();
  await expectInColumn(page, 'B-0001', 'cad');
  await expect(card(column(page, 'enquiry'), 'B-0001')).toHaveCount(0);

  await card(page, 'B-0001').getByRole('link', { name: 'B-0001' }).click();
  const rows = page.getByTestId('history-row');
  await expect(rows.first()).toContainText('Enquiry → CAD');
  await expect(rows.first()).toContainText('Ada Hatton');
});

test('a card moves by keyboard, and a backward move asks for the reason', async ({ page }) => {
  const c = await addCustomer(page, 'Isla McAllister');
  await addJob(page, { title: 'Pearl drop earrings', customerId: c.id }, ['consultation', 'deposit_received', 'cad', 'approval']);
  await page.goto('/bespoke');
  await expectInColumn(page, 'B-0001', 'approval');

  // Forward by keyboard: pick up, two columns right, drop.
  await moveByKeys(page, 'B-0001', 'ArrowRight', ['setting', 'polish']);
  await expectInColumn(page, 'B-0001', 'polish');
  // The keyboard user keeps their place: focus is back on the moved card's handle.
  await expect(handle(page, 'B-0001')).toBeFocused();

  // Back by keyboard to CAD: the note is asked for, and required.
  await moveByKeys(page, 'B-0001', 'ArrowLeft', ['setting', 'approval', 'cad']);
  const dialog = page.getByRole('dialog', { name: 'Move B-0001 back to CAD' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'bespoke-rework-modal');
  await dialog.getByRole('button', { name: 'Move back' }).click();
  await expect(dialog.getByText('A note is needed to move a job back')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Reason for the rework' }).fill('Customer wants a thinner setting');
  await dialog.getByRole('button', { name: 'Move back' }).click();
  await expectInColumn(page, 'B-0001', 'cad');

  await page.reload();
  await expectInColumn(page, 'B-0001', 'cad');
  await card(page, 'B-0001').getByRole('link', { name: 'B-0001' }).click();
  await expect(page.getByTestId('history-row').first()).toContainText('Polish → CAD');
  await expect(page.getByTestId('history-row').first()).toContainText('Customer wants a thinner setting');
});

test('a move someone else already made snaps the card back with a clear message', async ({ page }) => {
  const c = await addCustomer(page, 'Noah Castellano');
  const job = await addJob(page, { title: 'Art deco cocktail ring', customerId: c.id });
  // This board hears no live events, so it goes stale the way a slow connection would.
  await page.route('**/api/v1/events', (route) => route.abort());
  await page.goto('/bespoke');
  await expectInColumn(page, 'B-0001', 'enquiry');

  await moveJob(page.request, job.id, 'stone_sourcing');
  await dragCard(page, 'B-0001', column(page, 'consultation'));
  await expect(page.getByText('B-0001 was not moved')).toBeVisible();
  await expect(page.getByText('Someone else moved it to Stone sourcing first')).toBeVisible();
  await expectInColumn(page, 'B-0001', 'stone_sourcing');
  await expect(card(column(page, 'consultation'), 'B-0001')).toHaveCount(0);
});

test('on hold and cancelled are drop targets beside the board; archived jobs appear with the toggle', async ({ page }) => {
  const c = await addCustomer(page, 'Poppy Fairbairn');
  await addJob(page, { title: 'Tennis bracelet', customerId: c.id });
  const collected = await addJob(page, { title: 'Simple wedding band', customerId: c.id }, ['ready', 'collected']);
  await addJob(page, { title: 'Cancelled brooch', customerId: c.id }, ['cancelled']);
  await page.goto('/bespoke');

  await expect(page.getByText('1 job active')).toBeVisible();
  await expect(card(page, 'B-0002')).toHaveCount(0);

  await dragCard(page, 'B-0001', page.locator('[data-stage="on_hold"]'));
  await expect(card(column(page, 'enquiry'), 'B-0001')).toHaveCount(0);
  await page.getByRole('button', { name: /On hold/ }).click();
  const drawer = page.getByRole('dialog', { name: 'On hold' });
  await expect(drawer.getByRole('link', { name: /B-0001 Tennis bracelet/ })).toBeVisible();
  await expect(drawer).toContainText('was in Enquiry');
  await expectAccessible(page, 'bespoke-on-hold-drawer');
  await drawer.getByRole('button', { name: 'Resume' }).click();
  await page.keyboard.press('Escape');
  await expectInColumn(page, 'B-0001', 'enquiry');

  await page.getByRole('switch', { name: 'Show archived' }).check();
  await expect(page).toHaveURL(/archived=true/);
  await expectInColumn(page, 'B-0002', 'collected');
  await expect(page.getByText('3 jobs including archived')).toBeVisible();
  await page.getByRole('button', { name: /Cancelled/ }).click();
  await expect(page.getByRole('dialog', { name: 'Cancelled' }).getByRole('link', { name: /B-0003 Cancelled brooch/ })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.reload();
  await expect(page.getByRole('switch', { name: 'Show archived' })).toBeChecked();
  await page.getByRole('switch', { name: 'Show archived' }).uncheck();
  await expect(card(page, 'B-0002')).toHaveCount(0);
  expect(collected.reference).toBe('B-0002');
});

test('list and pipeline views, search, and the view is remembered', async ({ page }) => {
  const a = await addCustomer(page, 'Freya Lindqvist');
  const b = await addCustomer(page, 'Arthur Okafor');
  await addJob(page, { title: 'Emerald-cut solitaire', customerId: a.id, quotedCents: 980_000 }, ['consultation']);
  await addJob(page, { title: 'Locket with engraving', customerId: b.id, quotedCents: 60_000 }, ['consultation']);
  await addJob(page, { title: 'Toi et moi ring', customerId: b.id, quotedCents: 720_000, dueDate: dayFromToday(2) }, ['consultation', 'cad']);
  await page.goto('/bespoke');

  await page.getByRole('searchbox', { name: 'Search by reference, customer or title' }).fill('okafor');
  await expect(card(page, 'B-0001')).toHaveCount(0);
  await expect(card(page, 'B-0002')).toBeVisible();
  await expect(card(page, 'B-0003')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search by reference, customer or title' }).fill('B-0001');
  await expect(card(page, 'B-0001')).toBeVisible();
  await expect(card(page, 'B-0002')).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search by reference, customer or title' }).fill('');

  await page.getByText('List', { exact: true }).click();
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(4);
  await table.getByRole('button', { name: 'Quoted' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('B-0002');
  await table.getByRole('button', { name: 'Quoted' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('B-0001');
  await expectAccessible(page, 'bespoke-list');
  await shoot(page, 'bespoke-list');

  await page.reload();
  await expect(page.getByRole('table')).toBeVisible();

  await page.getByText('Pipeline', { exact: true }).click();
  const consultation = page.getByRole('row', { name: /^Consultation/ });
  await expect(consultation).toContainText('2');
  await expect(consultation).toContainText('£10,400.00');
  await expect(page.getByRole('row', { name: /^CAD/ })).toContainText('£7,200.00');
  await expectAccessible(page, 'bespoke-pipeline');
  await shoot(page, 'bespoke-pipeline');

  await page.getByText('Kanban', { exact: true }).click();
  await expect(page.getByTestId('kanban')).toBeVisible();
});
