import sharp from 'sharp';
import { addCustomer, addJob, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible } from './support/look.js';

test('at approval, "Email renders to the customer" sends their link on the shop’s channel and shows in the delivery log', async ({ page }) => {
  await openShop(page);
  expect((await page.request.put('/api/v1/settings/notifications', { data: { defaultChannel: 'preview' } })).status()).toBe(200);
  const customer = await addCustomer(page, 'Grace Holloway');
  const job = await addJob(page, { title: 'Oval sapphire halo ring', customerId: customer.id }, ['cad']);
  const render = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 40, g: 90, b: 160 } } })
    .jpeg()
    .toBuffer();
  const upload = await page.request.post(`/api/v1/bespoke/${job.id}/attachments`, {
    multipart: { file: { name: 'front.jpg', mimeType: 'image/jpeg', buffer: render }, caption: 'Render: front view', customerVisible: 'true' },
  });
  expect(upload.status()).toBe(201);

  // At CAD the customer's page takes no decision yet: the button waits for Approval, and says so.
  await page.goto(`/bespoke/${job.id}`);
  const panel = page.getByRole('region', { name: 'Design approval' });
  await expect(panel).toContainText('Move the job to Approval to e-mail them');
  await expect(panel.getByRole('button', { name: 'Email renders to the customer' })).toBeDisabled();

  expect((await page.request.post(`/api/v1/bespoke/${job.id}/stage`, { data: { to: 'approval' } })).status()).toBe(200);
  await page.reload();
  await expect(panel).toContainText('1 render visible to the customer.');
  await expectAccessible(page, 'bespoke detail, design approval');
  await panel.getByRole('button', { name: 'Email renders to the customer' }).click();
  await expect(page.getByText('Renders on their way')).toBeVisible();

  await expect
    .poll(
      async () => {
        const d = (await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json()) as {
          notifications: { event: string; status: string; body: string | null }[];
        };
        return d.notifications.find((n) => n.event === 'design_ready')?.status;
      },
      { timeout: 15_000 },
    )
    .toBe('sent');
});
