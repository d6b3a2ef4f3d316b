import sharp from 'sharp';
import { addCustomer, addJob, moveJob, openShop } from './support/api.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

/** A shop whose messages to customers are kept in Loupe's preview, where the test can read them. */
async function openPreviewShop(page: Page): Promise<void> {
  await openShop(page);
  const res = await page.request.put('/api/v1/settings/notifications', { data: { defaultChannel: 'preview' } });
  expect(res.status(), await res.text()).toBe(200);
}

test('the job page prints the slip and envelope, shows the customer thread with its unread badge and a reply, and the design reviews', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await openPreviewShop(page);
  const c = await addCustomer(page, 'Mina Sato');
  const job = await addJob(page, { title: 'Sapphire eternity band', customerId: c.id }, ['consultation', 'cad']);
  const detail = (await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json()) as { tracking: { code: string } };
  const render = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#4f6fb8' } })
    .png()
    .toBuffer();
  const up = await page.request.post(`/api/v1/bespoke/${job.id}/attachments`, {
    multipart: { file: { name: 'render.png', mimeType: 'image/png', buffer: render }, caption: 'Render v1', customerVisible: 'true' },
  });
  expect(up.status(), await up.text()).toBe(201);
  const attachment = (await up.json()) as { id: string };
  await moveJob(page.request, job.id, 'approval');

  // The customer, with no session: a message and a decision from the tracking page's API.
  const customer = await playwright.request.newContext({ baseURL: baseURL ?? '' });
  const code = encodeURIComponent(detail.tracking.code);
  expect((await customer.post(`/api/v1/track/${code}/messages`, { data: { body: 'Could the band be a touch thinner?' } })).status()).toBe(201);
  const decided = await customer.post(`/api/v1/track/${code}/approval`, {
    data: { decision: 'changes_requested', comment: 'Thinner band please', attachmentIds: [attachment.id] },
  });
  expect(decided.status(), await decided.text()).toBeLessThan(300);
  await customer.dispose();

  // The hub says someone wrote; its link opens the job.
  await page.goto('/workshop');
  const unread = page.getByRole('region', { name: 'Unread customer messages' });
  await expect(unread).toContainText('1 unread');
  await unread.getByRole('link', { name: job.reference }).click();
  const thread = page.getByRole('region', { name: /Customer messages/ });
  await expect(thread.getByTestId('unread-badge')).toHaveText('1');
  await expect(thread.getByTestId('thread-message')).toContainText('Could the band be a touch thinner?');
  const reviews = page.getByRole('region', { name: 'Design reviews' });
  await expect(reviews.getByTestId('design-review')).toContainText('Changes requested');
  await expect(reviews).toContainText('Thinner band please');
  await expect(reviews.getByRole('img', { name: 'Render v1' })).toBeVisible();
  await expectAccessible(page, 'customer-thread');
  await shoot(page, 'customer-thread');

  await thread.getByRole('button', { name: 'Mark read' }).click();
  await expect(thread.getByTestId('unread-badge')).toBeHidden();
  await thread.getByRole('textbox', { name: 'Reply to Mina Sato' }).fill('Of course: we will take it down to 1.8 mm.');
  await thread.getByRole('button', { name: 'Send reply' }).click();
  await expect(thread.getByTestId('thread-message')).toHaveCount(2);
  await expect(thread.getByTestId('thread-message').nth(1)).toContainText('Ada Hatton');

  for (const name of ['Print take-in slip', 'Print envelope']) {
    const href = await page.getByRole('link', { name }).getAttribute('href');
    const pdf = await page.request.get(href ?? '');
    expect(pdf.status(), name).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
  }
});

test('a repair’s customer writes from the tracking page: the hub links to the repair, whose page shows the thread, its unread badge and the reply', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await openPreviewShop(page);
  const c = await addCustomer(page, 'Tomas Lindgren');
  const res = await page.request.post('/api/v1/repairs', {
    data: { customerId: c.id, itemType: 'bracelet', title: 'Replace clasp on charm bracelet', workLines: [{ kind: 'replace_clasp', priceCents: 2_800 }] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const repair = (await res.json()) as { id: string; reference: string; tracking: { code: string } };

  // The customer, with no session, from the repair's tracking page.
  const customer = await playwright.request.newContext({ baseURL: baseURL ?? '' });
  const code = encodeURIComponent(repair.tracking.code);
  const view = (await (await customer.get(`/api/v1/track/${code}`)).json()) as { canMessage: boolean };
  expect(view.canMessage).toBe(true);
  const sent = await customer.post(`/api/v1/track/${code}/messages`, { data: { body: 'Could it be a lobster clasp, not a bolt ring?' } });
  expect(sent.status(), await sent.text()).toBe(201);
  await customer.dispose();

  await page.goto('/workshop');
  const unread = page.getByRole('region', { name: 'Unread customer messages' });
  await expect(unread).toContainText('1 unread');
  await unread.getByRole('link', { name: repair.reference }).click();
  await expect(page).toHaveURL(new RegExp(`/repairs/${repair.id}$`));
  await expect(page.getByRole('heading', { name: 'Replace clasp on charm bracelet' })).toBeVisible();
  const thread = page.getByRole('region', { name: /Customer messages/ });
  await expect(thread.getByTestId('unread-badge')).toHaveText('1');
  await expect(thread.getByTestId('thread-message')).toContainText('Could it be a lobster clasp, not a bolt ring?');
  await expectAccessible(page, 'repair-thread');
  await shoot(page, 'repair-thread');

  await thread.getByRole('textbox', { name: 'Reply to Tomas Lindgren' }).fill('Yes: a 12 mm lobster clasp in silver, same price.');
  await thread.getByRole('button', { name: 'Send reply' }).click();
  await expect(thread.getByTestId('thread-message')).toHaveCount(2);
  await expect(thread.getByTestId('thread-message').nth(1)).toContainText('Ada Hatton');
  // Answering read the customer's message.
  await expect(thread.getByTestId('unread-badge')).toBeHidden();

  // The answer went out on the shop's channel (here the preview), about the repair.
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  const out = page.getByTestId('message').filter({ hasText: 'a 12 mm lobster clasp' });
  await expect(out).toBeVisible({ timeout: 15_000 });
  await expect(out).toContainText(repair.reference);

  // The hub's list has nothing left to show.
  await page.getByRole('link', { name: 'Workshop', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Bespoke, repairs and appraisals' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unread customer messages' })).toBeHidden();

  // The customer sees the answer on their page.
  const again = await playwright.request.newContext({ baseURL: baseURL ?? '' });
  const html = await (await again.get(`/track/${code}`)).text();
  expect(html).toContain('Yes: a 12 mm lobster clasp in silver, same price.');
  await again.dispose();
});
