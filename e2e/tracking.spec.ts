import jsqr from 'jsqr';
import sharp from 'sharp';
import { addCustomer, addJob, dayFromToday, moveJob, openShop } from './support/api.js';
import { expectInColumn } from './support/board.js';
import { type Browser, type BrowserContext, expect, type Page, test } from './support/fixtures.js';
import { expectAccessible } from './support/look.js';

// jsqr is CommonJS whose types declare an ES default export; its module object carries the function as `default` too.
const jsQR = jsqr.default;
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const render = (r: number, g: number, b: number) =>
  sharp({ create: { width: 900, height: 700, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer();

async function attach(page: Page, jobId: string, caption: string, customerVisible: boolean) {
  const res = await page.request.post(`/api/v1/bespoke/${jobId}/attachments`, {
    multipart: {
      file: { name: `${caption}.jpg`, mimeType: 'image/jpeg', buffer: await render(customerVisible ? 40 : 200, 90, 160) },
      caption,
      customerVisible: String(customerVisible),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** The link the customer gets: read off the take-in slip's QR code, as their phone's camera would. */
async function linkFromSlip(page: Page, jobId: string): Promise<string> {
  const pdf = await page.request.get(`/api/v1/bespoke/${jobId}/slip.pdf`);
  expect(pdf.status()).toBe(200);
  const mupdf = await import('mupdf');
  const pix = mupdf.Document.openDocument(await pdf.body(), 'application/pdf')
    .loadPage(0)
    .toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true, true);
  const code = jsQR(new Uint8ClampedArray(pix.getPixels()), pix.getWidth(), pix.getHeight());
  expect(code?.data).toMatch(/\/track\/[A-Za-z0-9_-]{24}$/);
  return new URL(code?.data ?? '').pathname;
}

async function jobAtApproval(page: Page, title: string) {
  const c = await addCustomer(page, 'Grace Holloway');
  const job = await addJob(page, { title, customerId: c.id, quotedCents: 420_000, dueDate: dayFromToday(21) }, ['consultation', 'deposit_received', 'cad']);
  await attach(page, job.id, 'Render: front view', true);
  await attach(page, job.id, 'Wax model (bench only)', false);
  await moveJob(page.request, job.id, 'approval');
  return job;
}

async function customerPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...phone });
  return { context, page: await context.newPage() };
}

test('the customer follows the slip’s link on a phone and approves the design; the board hears it at once', async ({ page, browser }) => {
  await openShop(page);
  const settings = await page.request.patch('/api/v1/settings/tracking', { data: { approvalAdvances: true } });
  expect(settings.status()).toBe(200);
  const job = await jobAtApproval(page, 'Oval sapphire halo ring');
  const link = await linkFromSlip(page, job.id);

  await page.goto('/bespoke');
  await expectInColumn(page, job.reference, 'approval');
  // Wait until the screen's event stream is open before anything moves.
  await expect(page.locator('html')).toHaveAttribute('data-live', 'open');

  const customer = await customerPhone(browser);
  await customer.page.goto(link);
  await expect(customer.page.getByRole('heading', { name: 'Oval sapphire halo ring' })).toBeVisible();
  await expect(customer.page.locator('[aria-current="step"]')).toHaveText('Awaiting your approval');
  await expect(customer.page.getByRole('img', { name: 'Render: front view' })).toBeVisible();
  await expect(customer.page.getByText('Wax model')).toHaveCount(0);
  await expect(customer.page.getByText('£4,200.00')).toBeVisible();
  await expectAccessible(customer.page, 'tracking page');
  await customer.page.screenshot({ path: 'test-results/screens/tracking-approval-phone.png', fullPage: true });

  // The lightbox opens the photo large.
  await customer.page.getByRole('img', { name: 'Render: front view' }).click();
  await expect(customer.page.getByRole('dialog', { name: 'Photo' })).toBeVisible();
  await customer.page.getByRole('button', { name: 'Close' }).click();

  await customer.page.getByRole('button', { name: 'Approve design' }).click();
  await expect(customer.page.getByText('Thank you: you approved the design.')).toBeVisible();
  await expect(customer.page.locator('[aria-current="step"]')).toHaveText('Setting the stones');

  // The staff board, in its own browser context, moves the card by itself.
  await expectInColumn(page, job.reference, 'setting');
  await page.goto(`/bespoke/${job.id}`);
  await expect(page.getByTestId('history-row').first()).toContainText('Customer (via tracking link)');
  await customer.context.close();
});

test('the customer asks for changes: the job is back at CAD with their words', async ({ page, browser }) => {
  await openShop(page);
  const job = await jobAtApproval(page, 'Emerald-cut solitaire');
  const link = await linkFromSlip(page, job.id);

  const customer = await customerPhone(browser);
  await customer.page.goto(link);
  await customer.page.getByRole('textbox', { name: 'What would you like changed?' }).fill('Could the band be a little thinner?');
  await customer.page.getByRole('button', { name: 'Request changes' }).click();
  await expect(customer.page.getByText('Thank you: the shop has your comments.')).toBeVisible();
  await expect(customer.page.locator('[aria-current="step"]')).toHaveText('Design in progress');
  await customer.page.screenshot({ path: 'test-results/screens/tracking-changes-phone.png', fullPage: true });

  await page.goto(`/bespoke/${job.id}`);
  const latest = page.getByTestId('history-row').first();
  await expect(latest).toContainText('Could the band be a little thinner?');
  await expect(latest).toContainText('Customer (via tracking link)');
  const detail = (await (await page.request.get(`/api/v1/bespoke/${job.id}`)).json()) as { stage: string };
  expect(detail.stage).toBe('cad');
  await customer.context.close();
});
