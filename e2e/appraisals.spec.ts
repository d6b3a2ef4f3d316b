import sharp from 'sharp';
import { addCustomer, openShop } from './support/api.js';
import { card, column, dragCard, expectInColumn, moveByKeys } from './support/board.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

async function pick(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an appraisal is taken in at the counter, moved through its stages by mouse and keyboard, valued, and its customer told once when the report is issued', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await openShop(page);
  const settings = await page.request.put('/api/v1/settings/notifications', { data: { defaultChannel: 'preview', readyDelayMinutes: 0 } });
  expect(settings.status(), await settings.text()).toBe(200);
  await addCustomer(page, 'Harriet Vane');

  await page.goto('/intake');
  await page.getByRole('tab', { name: 'Appraisal' }).click();
  const picker = page.getByRole('combobox', { name: 'Customer', exact: true });
  await picker.click();
  await picker.fill('Harriet');
  await page.getByRole('option', { name: /Harriet Vane/ }).click();
  await pick(page, 'Item', 'Ring');
  await page.getByRole('textbox', { name: 'Title' }).fill('Victorian diamond cluster ring');
  await page.getByRole('textbox', { name: 'Description' }).fill('Nine old-cut diamonds in a flower cluster, claw set, on a tapered shank.');
  await page.getByRole('textbox', { name: 'Metal' }).fill('18ct yellow gold');
  await page.getByRole('textbox', { name: 'Hallmarks' }).fill('18, Birmingham anchor');
  await page.getByRole('textbox', { name: 'Weight (g)' }).fill('4.2');
  await page.getByRole('button', { name: 'Add stone' }).click();
  const stone = page.getByRole('group', { name: 'Stone 1' });
  await stone.getByRole('textbox', { name: 'Kind' }).fill('Diamond');
  await stone.getByRole('textbox', { name: 'Shape' }).fill('old European cut');
  await stone.getByRole('textbox', { name: 'Carat' }).fill('0.5');
  await stone.getByRole('textbox', { name: 'Certificate lab' }).fill('GIA');
  await stone.getByRole('textbox', { name: 'Certificate number' }).fill('2141438167');
  await page.getByRole('textbox', { name: 'Appraisal fee' }).fill('75');
  await expectAccessible(page, 'intake-appraisal');
  await shoot(page, 'intake-appraisal');
  await page.getByRole('button', { name: 'Take in for appraisal' }).click();
  const done = page.getByRole('alert').filter({ hasText: 'A-0001 taken in' });
  await expect(done).toBeVisible();

  await done.getByRole('link', { name: 'Open A-0001' }).click();
  await expect(page.getByRole('heading', { name: 'Victorian diamond cluster ring' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Stones' })).toContainText('Diamond, old European cut, 0.5 ct, (GIA 2141438167)');
  const id = new URL(page.url()).pathname.split('/').at(-1) ?? '';

  // Photos of the piece, attached as any pipeline's are.
  const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#d8c48a' } })
    .jpeg()
    .toBuffer();
  const uploaded = await page.request.post(`/api/v1/appraisals/${id}/attachments`, {
    multipart: { file: { name: 'cluster-top.jpg', mimeType: 'image/jpeg', buffer: photo }, caption: 'Cluster from above', customerVisible: 'true' },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);

  await page.goto('/appraisals');
  await expectInColumn(page, 'A-0001', 'requested');
  await dragCard(page, 'A-0001', column(page, 'examining'));
  await expectInColumn(page, 'A-0001', 'examining');
  await moveByKeys(page, 'A-0001', 'ArrowRight', ['valued']);
  await expectInColumn(page, 'A-0001', 'valued');
  await expectAccessible(page, 'appraisals-kanban');
  await shoot(page, 'appraisals-kanban', { fullPage: false });

  // The valuation, recorded on the edit form.
  await page.goto(`/appraisals/${id}/edit`);
  await page.getByRole('textbox', { name: 'Replacement value' }).fill('6500');
  await page.getByRole('textbox', { name: 'Valuer' }).fill('Peter Wimsey FGA');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByRole('heading', { name: 'Victorian diamond cluster ring' })).toBeVisible();
  await expect(page.getByText('Insurance replacement: £6,500.00 · Peter Wimsey FGA')).toBeVisible();

  // The report the customer takes to their insurer, from the job page.
  const report = await page.getByRole('link', { name: 'Print appraisal report' }).getAttribute('href');
  const pdf = await page.request.get(report ?? '');
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');

  await page.goto('/appraisals');
  await dragCard(page, 'A-0001', column(page, 'report_issued'));
  await expectInColumn(page, 'A-0001', 'report_issued');
  await expect(card(column(page, 'report_issued'), 'A-0001').locator('img')).toBeVisible();

  // One message to the customer, kept by the preview channel, and no second on a repeat move.
  await page.getByRole('link', { name: 'Messages', exact: true }).first().click();
  const message = page.getByTestId('message').filter({ hasText: 'A-0001' });
  await expect(message).toHaveCount(1, { timeout: 15_000 });
  const link = (await message.textContent())?.match(/\/track\/[A-Za-z0-9_-]+/)?.[0] ?? '';
  expect(link).not.toBe('');
  const again = await page.request.post(`/api/v1/appraisals/${id}/stage`, { data: { from: 'valued', to: 'report_issued' } });
  expect(again.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('message').filter({ hasText: 'A-0001' })).toHaveCount(1);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const customer = await phone.newPage();
  await customer.goto(link);
  await expect(customer.getByRole('heading', { name: 'Victorian diamond cluster ring' })).toBeVisible();
  await expect(customer.locator('[aria-current="step"]')).toHaveText('Report ready to collect');
  await phone.close();
});
