import { addJob, openShop, unique } from './support/api.js';
import { column, dragCard, expectInColumn } from './support/board.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

interface Detail {
  stage: string;
  notifications: { event: string; status: string; lastError: string | null }[];
}

test('a drop on Ready says when the customer will be told, and Undo within the window moves it back and sends nothing', async ({ page }) => {
  test.setTimeout(180_000);
  await openShop(page);
  // The preview channel keeps what is sent in Loupe; the undo window is the default two minutes.
  expect((await page.request.put('/api/v1/settings/notifications', { data: { defaultChannel: 'preview' } })).status()).toBe(200);
  const c = await (await page.request.post('/api/v1/customers', { data: { name: 'Hester Vane', email: `${unique('h')}@example.test` } })).json();
  const job = await addJob(page, { title: 'Garnet signet', customerId: c.id }, ['polish']);

  await page.goto('/bespoke');
  await expectInColumn(page, job.reference, 'polish');
  // Polish and Ready sit side by side at the board's far end: bring them into view first, as a hand would scroll.
  await column(page, 'ready').scrollIntoViewIfNeeded();
  await dragCard(page, job.reference, column(page, 'ready'));
  await expectInColumn(page, job.reference, 'ready');
  const notice = page.getByRole('alert').filter({ hasText: `${job.reference} is ready` });
  await expect(notice).toContainText('Customer will be told in 2 minutes');
  await expect(notice.getByRole('button', { name: /^Undo/ })).toBeVisible();
  await expectAccessible(page, 'ready-undo');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(notice.getByRole('button', { name: /^Undo/ })).toBeInViewport();
  await page.screenshot({ path: 'test-results/screens/ready-undo-390.png' });
  await page.setViewportSize({ width: 1440, height: 900 });
  await shoot(page, 'ready-undo', { fullPage: false });

  // While it waits, the message is queued and not sent.
  const detail = async () => (await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json()) as Detail;
  expect((await detail()).notifications).toMatchObject([{ event: 'customer_ready', status: 'pending' }]);

  await notice.getByRole('button', { name: /^Undo/ }).click();
  await expectInColumn(page, job.reference, 'polish');
  await expect(notice).toBeHidden();
  const undone = await detail();
  expect(undone.stage).toBe('polish');
  expect(undone.notifications).toMatchObject([{ event: 'customer_ready', status: 'cancelled' }]);

  // The job page says the message did not go, and why.
  await page.goto(`/bespoke/${job.id}`);
  const log = page.getByRole('region', { name: 'Messages to the customer' });
  await expect(log.getByTestId('delivery')).toHaveCount(1);
  await expect(log.getByTestId('delivery')).toContainText('Not sent: the job left ready first');
  await expect(log.getByTestId('delivery')).toContainText('left ready (moved back, or on) before the customer was told');
  // Nothing reached the preview, which keeps every message sent.
  const sent = (await (await page.request.get('/api/v1/notifications?channel=preview')).json()) as { items: unknown[] };
  expect(sent.items).toHaveLength(0);
});

test('a customer with no address: the move form warns before the move, and the message is "Not sent: no address", never "Sent"', async ({ page }) => {
  test.setTimeout(180_000);
  await openShop(page);
  expect((await page.request.put('/api/v1/settings/notifications', { data: { defaultChannel: 'email', fallbackChannel: null } })).status()).toBe(200);
  const c = await (await page.request.post('/api/v1/customers', { data: { name: 'Tom Okafor', phone: '+447912345678' } })).json();
  const job = await addJob(page, { title: 'Gold cufflinks', customerId: c.id }, ['polish']);

  await page.goto(`/bespoke/${job.id}`);
  await page.getByRole('combobox', { name: 'Move to' }).click();
  await page.getByRole('option', { name: 'Ready', exact: true }).click();
  const warning = page.getByRole('status').filter({ hasText: 'The customer will not be told' });
  await expect(warning).toContainText('Not sent: no address');
  await expect(warning).toContainText('Tom Okafor has no e-mail address');
  await expectAccessible(page, 'move-warns-no-address');
  await shoot(page, 'move-warns-no-address');
  await page.setViewportSize({ width: 390, height: 844 });
  await warning.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/move-warns-no-address-390.png' });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByRole('button', { name: 'Move to Ready' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `${job.reference} is ready: the customer was not told` })).toBeVisible();
  const log = page.getByRole('region', { name: 'Messages to the customer' });
  await expect(log.getByTestId('delivery')).toHaveCount(1);
  await expect(log.getByTestId('delivery')).toContainText('Not sent: no address');
  await expect(log.getByTestId('delivery')).not.toContainText(/\bSent\b/);
});
