import { addCustomer, addJob, openShop } from './support/api.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

const step = (page: Page, label: string) => page.getByRole('navigation', { name: 'Stages' }).getByRole('listitem').filter({ hasText: label });

async function moveTo(page: Page, stage: string, note?: string) {
  await page.getByRole('combobox', { name: 'Move to' }).click();
  await page.getByRole('option', { name: new RegExp(`^${stage}`) }).click();
  if (note) await page.getByRole('textbox', { name: /Why is it going back|Note/ }).fill(note);
  await page.getByRole('button', { name: `Move to ${stage}` }).click();
}

test.beforeEach(async ({ page }) => {
  await openShop(page);
});

test('skipping stages: skipped ones show in the stepper but not in the history', async ({ page }) => {
  const c = await addCustomer(page, 'Harry Thornton');
  const job = await addJob(page, { title: 'Hammered wedding band', customerId: c.id, quotedCents: 120_000 });
  await page.goto(`/bespoke/${job.id}`);
  await expect(step(page, 'Enquiry')).toHaveAttribute('aria-current', 'step');

  await moveTo(page, 'Deposit received');
  await expect(page.getByText('B-0001 moved to Deposit received')).toBeVisible();
  await moveTo(page, 'Polish', 'Plain band: no stones, no CAD');
  await expect(step(page, 'Polish')).toHaveAttribute('aria-current', 'step');

  await expect(step(page, 'Enquiry')).toContainText('done');
  await expect(step(page, 'Deposit received')).toContainText('done');
  for (const skipped of ['Consultation', 'Stone sourcing', 'CAD', 'Approval', 'Setting']) await expect(step(page, skipped)).toContainText('skipped');
  await expect(step(page, 'Ready')).toContainText('not reached');

  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Deposit received → Polish');
  await expect(rows.nth(0)).toContainText('Plain band: no stones, no CAD');
  await expect(rows.nth(1)).toContainText('Enquiry → Deposit received');
  await expect(rows.nth(2)).toContainText('Entered Enquiry');
  await expect(page.getByRole('main')).not.toContainText('Enquiry → Consultation');
  await expect(page.getByText('92%')).toBeVisible();
});

test('rolling approval back to CAD needs a note, and the history keeps it', async ({ page }) => {
  const c = await addCustomer(page, 'Theo Radcliffe');
  const job = await addJob(page, { title: 'Three-stone anniversary ring', customerId: c.id, quotedCents: 460_000 }, [
    'consultation',
    'deposit_received',
    'stone_sourcing',
    'cad',
    'approval',
  ]);
  await page.goto(`/bespoke/${job.id}`);
  await expect(step(page, 'Approval')).toHaveAttribute('aria-current', 'step');

  await page.getByRole('combobox', { name: 'Move to' }).click();
  await page.getByRole('option', { name: 'CAD (back)' }).click();
  await page.getByRole('button', { name: 'Move to CAD' }).click();
  await expect(page.getByText('Moving back needs a note saying why')).toBeVisible();
  await page.getByRole('textbox', { name: 'Why is it going back?' }).fill('Customer asked for the side stones to be smaller');
  await page.getByRole('button', { name: 'Move to CAD' }).click();

  await expect(step(page, 'CAD')).toHaveAttribute('aria-current', 'step');
  // Approval is ahead again: to be done once more, not "done".
  await expect(step(page, 'Approval')).toContainText('not reached');
  const latest = page.getByTestId('history-row').first();
  await expect(latest).toContainText('Approval → CAD');
  await expect(latest).toContainText('Rework');
  await expect(latest).toContainText('Customer asked for the side stones to be smaller');
  await expect(latest).toContainText('Ada Hatton');

  await page.reload();
  await expect(page.getByTestId('history-row').first()).toContainText('Customer asked for the side stones to be smaller');
});

test('recording a deposit changes the balance owing; comments and the edit form work', async ({ page }) => {
  const c = await addCustomer(page, 'Evie Marchetti');
  const job = await addJob(page, { title: 'Custom cufflinks with initials', customerId: c.id, quotedCents: 45_000 }, ['consultation']);
  await page.goto(`/bespoke/${job.id}`);
  await expect(page.getByTestId('balance-owing')).toContainText('£450.00');

  await page.getByRole('button', { name: 'Record deposit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record deposit for B-0001' });
  await dialog.getByRole('textbox', { name: 'Amount' }).fill('200');
  await expectAccessible(page, 'bespoke-detail-payment');
  await dialog.getByRole('button', { name: 'Record deposit' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('balance-owing')).toContainText('£250.00');
  await expect(page.getByText('Deposit of £200.00 recorded')).toBeVisible();

  await page.getByRole('button', { name: 'Record refund' }).click();
  const refund = page.getByRole('dialog', { name: 'Record refund for B-0001' });
  await refund.getByRole('textbox', { name: 'Amount' }).fill('500');
  await refund.getByRole('button', { name: 'Record refund' }).click();
  await expect(refund.getByRole('alert').or(refund.locator('.mantine-InputWrapper-error'))).toBeVisible();
  await refund.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('textbox', { name: 'Add a comment' }).fill('Initials E.M. in Garamond, customer bringing sketch Thursday');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.getByText('Initials E.M. in Garamond')).toBeVisible();

  await expectAccessible(page, 'bespoke-detail');
  await shoot(page, 'bespoke-detail');

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit B-0001' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Quoted price' })).toHaveValue('450.00');
  await expectAccessible(page, 'bespoke-edit');
  await shoot(page, 'bespoke-edit');
  await page.getByRole('textbox', { name: 'Final price' }).fill('520');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(new RegExp(`/bespoke/${job.id}$`));
  await expect(page.getByTestId('balance-owing')).toContainText('£320.00');
});

test('the balance line says what is owed back when the customer paid too much, and what is held on a cancelled job', async ({ page }) => {
  const c = await addCustomer(page, 'Priya Raman');
  const job = await addJob(page, { title: 'Signet ring', customerId: c.id, quotedCents: 30_000 }, ['consultation']);
  const pay = (amountCents: number) => page.request.post(`/api/v1/bespoke/${job.id}/payments`, { data: { kind: 'payment', amountCents, method: 'card' } });
  expect((await pay(35_000)).status()).toBe(201);
  await page.goto(`/bespoke/${job.id}`);
  await expect(page.getByTestId('balance-owing')).toHaveText('Owed to the customer£50.00');
  expect((await page.request.post(`/api/v1/bespoke/${job.id}/stage`, { data: { from: 'consultation', to: 'cancelled' } })).status()).toBe(200);
  await page.reload();
  // Nothing is owed on a piece that will not be made: what was paid is held until refunded or kept.
  await expect(page.getByTestId('balance-owing')).toHaveText('Held (job cancelled)£350.00');
  // Given back: the held sum goes, and Paid says it is net of the refund.
  const refund = await page.request.post(`/api/v1/bespoke/${job.id}/payments`, { data: { kind: 'refund', amountCents: 35_000, method: 'card' } });
  expect(refund.status()).toBe(201);
  await page.reload();
  await expect(page.getByTestId('balance-owing')).toHaveText('Nothing owing (cancelled)£0.00');
  await expect(page.getByText('Paid, less refunds')).toBeVisible();
});

test("another shop's job is simply not found", async ({ page }) => {
  const c = await addCustomer(page, 'Oliver Bennett');
  const job = await addJob(page, { title: 'Private commission', customerId: c.id });
  await openShop(page, { shopName: 'The Shop Next Door' });
  await page.goto(`/bespoke/${job.id}`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('Private commission')).toHaveCount(0);
  await page.goto('/bespoke/not-even-an-id');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
