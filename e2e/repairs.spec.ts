import sharp from 'sharp';
import { addCustomer, addJob, openShop } from './support/api.js';
import { card, column, dragCard, expectInColumn, moveByKeys } from './support/board.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

async function pick(page: Page, label: string | RegExp, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a repair is booked in at the counter, dragged to ready, its message kept in the preview, and the hub shows both kinds', async ({ page }) => {
  test.setTimeout(180_000);
  await openShop(page);
  const settings = await page.request.put('/api/v1/settings/notifications', { data: { defaultChannel: 'preview', readyDelayMinutes: 0 } });
  expect(settings.status(), await settings.text()).toBe(200);
  const c = await addCustomer(page, 'Olive Marsh');
  await addJob(page, { title: 'Emerald signet', customerId: c.id }, ['consultation']);

  await page.goto('/intake');
  await page.getByRole('tab', { name: 'Repair' }).click();
  const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
  await picker.click();
  await picker.fill('Olive');
  await page.getByRole('option', { name: /Olive Marsh/ }).click();
  await pick(page, 'Item', 'Ring');
  await page.getByRole('textbox', { name: 'Title' }).fill('Resize wedding band');

  await pick(page, 'Work, line 1', 'Resize');
  await page.getByRole('textbox', { name: 'Details, line 1' }).fill('Size N to P');
  await page.getByRole('textbox', { name: 'Price, line 1' }).fill('45');
  await page.getByRole('button', { name: 'Add a line' }).click();
  await pick(page, 'Work, line 2', 'Polish');
  await page.getByRole('textbox', { name: 'Price, line 2' }).fill('20');
  await expect(page.getByTestId('running-estimate')).toHaveText('Estimate £65.00');
  // A third line, then taken away again: the estimate follows.
  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByRole('textbox', { name: 'Price, line 3' }).fill('100');
  await expect(page.getByTestId('running-estimate')).toHaveText('Estimate £165.00');
  await page.getByRole('button', { name: 'Remove line 3' }).click();
  await expect(page.getByTestId('running-estimate')).toHaveText('Estimate £65.00');

  await page.getByRole('textbox', { name: 'Condition at intake' }).fill('Light scratches on the shank; hallmark 18ct visible');
  await page.getByRole('textbox', { name: 'Deposit taken now' }).fill('20');
  // The deposit asks how it was paid.
  await page.getByRole('combobox', { name: 'Deposit paid by' }).click();
  await page.getByRole('option', { name: 'Cash', exact: true }).click();
  await page.getByRole('checkbox', { name: /Rush/ }).check();
  const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c9a86f' } })
    .jpeg()
    .toBuffer();
  await page.locator('input[type="file"]').setInputFiles({ name: 'band-as-received.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expectAccessible(page, 'intake-repair');
  await shoot(page, 'intake-repair');

  await page.getByRole('button', { name: 'Book in repair' }).click();
  const done = page.getByRole('alert').filter({ hasText: 'R-0001 booked in' });
  await expect(done).toBeVisible();
  const slip = await done.getByRole('link', { name: 'Print take-in slip' }).getAttribute('href');
  expect(slip).toMatch(/^\/api\/v1\/repairs\/[0-9a-f-]+\/slip\.pdf$/);
  const pdf = await page.request.get(slip ?? '');
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');

  // The repair page has the lines, the deposit, the photo in the Booked in group.
  await done.getByRole('link', { name: 'Open R-0001' }).click();
  await expect(page.getByRole('heading', { name: 'Resize wedding band' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Work lines and prices' })).toContainText('Size N to P');
  await expect(page.getByTestId('balance-owing')).toContainText('£45.00');
  await expect(page.getByRole('region', { name: 'Booked in photos' }).getByTestId('photo')).toHaveCount(1);

  await page.goto('/repairs');
  await expectInColumn(page, 'R-0001', 'intake');
  for (const stage of ['assessed', 'quoted', 'approved', 'in_progress', 'ready']) {
    await column(page, stage).scrollIntoViewIfNeeded();
    await dragCard(page, 'R-0001', column(page, stage));
    await expectInColumn(page, 'R-0001', stage);
  }
  await expect(card(column(page, 'ready'), 'R-0001').locator('img')).toBeVisible();
  await expectAccessible(page, 'repairs-kanban');
  await shoot(page, 'repairs-kanban', { fullPage: false });

  // The stage history survived the drags.
  await card(page, 'R-0001').getByRole('link', { name: 'R-0001' }).click();
  await expect(page.getByTestId('history-row')).toHaveCount(6);
  await expect(page.getByRole('navigation', { name: 'Stages' }).getByText('Ready, current stage')).toBeAttached();
  await expectAccessible(page, 'repair-detail');
  await shoot(page, 'repair-detail');

  // The customer's ready message, kept by the preview channel.
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  const message = page.getByTestId('message').filter({ hasText: 'R-0001' });
  await expect(message).toBeVisible({ timeout: 15_000 });
  await expect(message).toContainText('Ready to collect');
  await expect(message).toContainText('/track/');
  await expectAccessible(page, 'messages');
  await shoot(page, 'messages');

  await page.getByRole('link', { name: 'Workshop', exact: true }).click();
  const both = page.getByRole('region', { name: 'Bespoke, repairs and appraisals' });
  await expect(both.getByTestId('hub-kind-counts')).toHaveText('1 bespoke · 1 repair · 0 appraisals active');
  await expect(both.getByRole('link', { name: 'Repairs Ready: 1' })).toBeVisible();
  await expect(both.getByRole('table')).toContainText('R-0001');
  await expect(page.getByRole('button', { name: 'Consultation: 1 jobs' })).toBeVisible();
  await expectAccessible(page, 'workshop-both');
  await shoot(page, 'workshop-both');
});

test('a repair is created at /repairs/new and its work lines edited at /repairs/:id/edit', async ({ page }) => {
  await openShop(page);
  await addCustomer(page, 'Ruth Adeyemi');
  await page.goto('/repairs');
  await page.getByRole('link', { name: 'New repair' }).click();
  await expect(page.getByRole('heading', { name: 'New repair' })).toBeVisible();
  await page.getByRole('button', { name: 'Book in repair' }).click();
  await expect(page.getByText('Choose a customer, or add a new one')).toBeVisible();
  await expect(page.getByText('Choose the kind of piece')).toBeVisible();

  const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
  await picker.click();
  await picker.fill('Ruth');
  await page.getByRole('option', { name: /Ruth Adeyemi/ }).click();
  await pick(page, 'Item', 'Necklace');
  await pick(page, 'Work, line 1', 'Re-string');
  await page.getByRole('textbox', { name: 'Price, line 1' }).fill('35');
  await expectAccessible(page, 'repair-new');
  await page.getByRole('button', { name: 'Book in repair' }).click();
  await expect(page.getByRole('table', { name: 'Work lines and prices' })).toContainText('Re-string');

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit R-0001' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a line' }).click();
  await pick(page, 'Work, line 2', 'Replace clasp');
  await page.getByRole('textbox', { name: 'Price, line 2' }).fill('18.50');
  await expect(page.getByTestId('running-estimate')).toHaveText('Estimate £53.50');
  await expectAccessible(page, 'repair-edit');
  await shoot(page, 'repair-edit');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const lines = page.getByRole('table', { name: 'Work lines and prices' });
  await expect(lines).toContainText('Replace clasp');
  await expect(lines).toContainText('£53.50');

  await page.goto('/repairs');
  await page.getByText('List', { exact: true }).click();
  await expect(page.getByRole('table', { name: 'Repairs' })).toContainText('R-0001');
  await expectAccessible(page, 'repairs-list');
});

test('a repair moves by keyboard on the board, and a move back asks why', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Ken Ito');
  const res = await page.request.post('/api/v1/repairs', {
    data: { customerId: c.id, itemType: 'watch', workLines: [{ kind: 'other', description: 'New battery', priceCents: 1200 }] },
  });
  expect(res.status(), await res.text()).toBe(201);
  await page.goto('/repairs');
  await expectInColumn(page, 'R-0001', 'intake');
  await moveByKeys(page, 'R-0001', 'ArrowRight', ['assessed', 'quoted']);
  await expectInColumn(page, 'R-0001', 'quoted');
  await moveByKeys(page, 'R-0001', 'ArrowLeft', ['assessed']);
  const why = page.getByRole('dialog', { name: 'Move R-0001 back to Assessed' });
  await why.getByRole('textbox', { name: 'Why is it going back?' }).fill('Customer wants the strap looked at too');
  await why.getByRole('button', { name: 'Move back' }).click();
  await expectInColumn(page, 'R-0001', 'assessed');
  await card(page, 'R-0001').getByRole('link', { name: 'R-0001' }).click();
  await expect(page.getByText('“Customer wants the strap looked at too”')).toBeVisible();
});

test('the pipeline view of /repairs counts the repairs and their value per stage, and is remembered', async ({ page }) => {
  await openShop(page);
  const c = await addCustomer(page, 'Nell Gwyn');
  const book = async (workLines: { kind: string; priceCents: number }[], itemType: string, to?: string) => {
    const res = await page.request.post('/api/v1/repairs', { data: { customerId: c.id, itemType, workLines } });
    expect(res.status(), await res.text()).toBe(201);
    const job = (await res.json()) as { id: string };
    if (to) expect((await page.request.post(`/api/v1/repairs/${job.id}/stage`, { data: { to } })).status()).toBe(200);
    return job;
  };
  const ring = await book(
    [
      { kind: 'resize', priceCents: 4_500 },
      { kind: 'polish', priceCents: 2_000 },
    ],
    'ring',
  );
  const deposit = await page.request.post(`/api/v1/repairs/${ring.id}/payments`, { data: { kind: 'deposit', amountCents: 2_000 } });
  expect(deposit.status(), await deposit.text()).toBe(201);
  await book([{ kind: 'other', priceCents: 1_200 }], 'watch', 'quoted');
  await book([{ kind: 're_string', priceCents: 3_500 }], 'necklace', 'quoted');

  await page.goto('/repairs');
  await page.getByText('Pipeline', { exact: true }).click();
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Repairs' })).toBeVisible();
  const bookedIn = table.getByRole('row', { name: /^Booked in/ });
  await expect(bookedIn.getByRole('cell')).toHaveText(['Booked in', '1', '£65.00', '', '£20.00', '£45.00']);
  await expect(table.getByRole('row', { name: /^Quoted/ }).getByRole('cell')).toHaveText(['Quoted', '2', '£47.00', '', '£0.00', '£47.00']);
  await expect(
    table
      .getByRole('row', { name: /^Assessed/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('0');
  // Archived stages show only with the archived ones.
  await expect(table.getByRole('row', { name: /^Collected/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /^Total/ })).toContainText('£112.00');
  await expectAccessible(page, 'repairs-pipeline');
  await shoot(page, 'repairs-pipeline');

  await page.reload();
  await expect(page.getByRole('row', { name: /^Quoted/ })).toBeVisible();
  await page.getByRole('switch', { name: 'Show archived' }).check();
  await expect(page.getByRole('row', { name: /^Collected/ })).toBeVisible();
  await page.getByText('Kanban', { exact: true }).click();
  await expect(column(page, 'intake')).toBeVisible();
});
