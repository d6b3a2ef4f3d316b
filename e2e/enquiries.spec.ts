import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { openShop, unique } from './support/api.js';
import { expect, type Page, test } from './support/fixtures.js';
import { expectAccessible } from './support/look.js';

/** A storefront: a plain HTML page on another loopback port, with the shop's snippet pasted as an owner would. */
async function storefront(snippet: string): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Emerald Row Jewellers</title></head>
<body style="font-family:Georgia,serif;margin:0;padding:1rem;background:#faf7f0"><h1>Emerald Row Jewellers</h1><p>Rings made by hand since 1962. Tell us about your piece:</p>${snippet}</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function shots(page: Page, name: string) {
  const original = page.viewportSize() ?? { width: 1440, height: 900 };
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expect.poll(() => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
    await page.screenshot({ path: `test-results/enquiries-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(original);
}

test('an enquiry from the embedded form on a storefront reaches the inbox, is answered and becomes a bespoke job with its pictures, for the customer on file', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const shopName = `Emerald Row ${unique('j')}`;
  await openShop(page, { shopName });
  const settings = (await (await page.request.get('/api/v1/settings/enquiries')).json()) as {
    slug: string;
    scriptSnippet: string;
    iframeSnippet: string;
    formUrl: string;
  };
  const grace = await (await page.request.post('/api/v1/customers', { data: { name: 'Grace Obi', email: 'grace.obi@example.test' } })).json();

  // Settings show the snippet to copy: one script tag (and a plain frame for builders that strip scripts).
  await page.goto('/settings/shop');
  await expect(page.getByRole('textbox', { name: 'Paste this where the form should appear on your website' })).toHaveValue(settings.scriptSnippet);
  await expect(page.getByRole('textbox', { name: /does not accept scripts/ })).toHaveValue(settings.iframeSnippet);
  await expect(page.getByRole('button', { name: 'Copy: Paste this where the form should appear on your website' })).toBeVisible();

  // The storefront pastes the script tag as it comes from settings.
  const shop = await storefront(settings.scriptSnippet);
  try {
    const visitor = await context.browser()?.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    if (!visitor) throw new Error('no browser');
    const site = await visitor.newPage();
    await site.goto(shop.url);
    const form = site.frameLocator('iframe');
    await expect(form.getByRole('heading', { name: `Enquire with ${shopName}` })).toBeVisible();
    // The loader keeps the frame as tall as the form inside it: no scrollbar in the form, no gap under it.
    const frameHeight = () => site.evaluate<number>('document.querySelector("iframe").getBoundingClientRect().height');
    const formHeight = () => site.frame({ url: /\/enquire\// })?.evaluate<number>('Math.ceil(document.body.getBoundingClientRect().height)') ?? 0;
    await expect.poll(async () => Math.abs((await frameHeight()) - (await formHeight()))).toBeLessThanOrEqual(2);
    await form.getByRole('textbox', { name: 'Your name *' }).fill('Grace Obi');
    await form.getByRole('textbox', { name: 'E-mail' }).fill('Grace.Obi@example.test');
    await form.getByRole('radio', { name: 'A bespoke piece' }).check();
    await form.getByRole('textbox', { name: 'Tell us about it *' }).fill('An engagement ring around my grandmother’s sapphire, in yellow gold.');
    await form.getByRole('combobox', { name: 'Budget' }).selectOption('2500_5000');
    const ring = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 30, g: 60, b: 160 } } })
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 31/1 12/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 6/1 30/1' } })
      .toBuffer();
    const sketch = await sharp({ create: { width: 300, height: 300, channels: 3, background: { r: 240, g: 200, b: 40 } } })
      .png()
      .toBuffer();
    await form.getByLabel(/Reference pictures/).setInputFiles([
      { name: 'sapphire.jpg', mimeType: 'image/jpeg', buffer: ring },
      { name: 'sketch.png', mimeType: 'image/png', buffer: sketch },
    ]);
    await form.getByRole('checkbox', { name: /may contact me/ }).check();
    // The proof of work runs by itself on load; the widget says when it is done.
    await expect(form.locator('altcha-widget [data-state], altcha-widget[data-state]').first()).toHaveAttribute('data-state', 'verified', { timeout: 30_000 });
    await site.screenshot({ path: 'test-results/enquiries-storefront-390.png', fullPage: true });
    await form.getByRole('button', { name: 'Send enquiry' }).click();
    await expect(form.getByRole('status')).toContainText(`${shopName} has your enquiry`);
    await expect(form.getByRole('status')).toContainText('ENQ-0001');
    await site.screenshot({ path: 'test-results/enquiries-thanks-390.png' });
    await visitor.close();
  } finally {
    shop.server.close();
  }

  // The hub counts it; the inbox lists it.
  await page.goto('/workshop');
  const hub = page.getByRole('region', { name: /Web enquiries/ });
  await expect(hub.getByLabel('1 unread')).toBeVisible();
  await hub.getByRole('link', { name: /open the inbox/ }).click();
  await expect(page.getByRole('heading', { name: 'Enquiries', level: 1 })).toBeVisible();
  const row = page.getByRole('link', { name: 'Grace Obi, ENQ-0001, unread' });
  await expect(row).toBeVisible();
  await shots(page, 'inbox');
  await row.click();

  await expect(page.getByRole('heading', { name: 'Grace Obi', level: 1 })).toBeVisible();
  await expect(page.getByText('An engagement ring around my grandmother’s sapphire')).toBeVisible();
  await expect(page.getByRole('img', { name: /Reference picture/ })).toHaveCount(2);
  await page.getByRole('textbox', { name: 'Your reply' }).fill('Thank you, Grace: could you come in on Tuesday with the sapphire?');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('region', { name: 'Replies' })).toContainText('could you come in on Tuesday');
  await expect(page.getByRole('combobox', { name: 'Where this enquiry is' })).toHaveValue('Contacted');
  await expectAccessible(page, 'enquiry');
  await shots(page, 'enquiry');

  await page.getByRole('button', { name: 'Convert to job' }).click();
  const converted = page.getByRole('region', { name: 'Converted' });
  await expect(converted).toContainText('Made into B-');
  await expect(page.getByText(/For Grace Obi, already a customer/)).toBeVisible();
  await converted.getByRole('link', { name: /^B-/ }).click();

  await expect(page.getByRole('heading', { name: /A bespoke piece for Grace Obi/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Grace Obi' })).toHaveAttribute('href', `/customers/${grace.id}`);
  const jobId = page.url().split('/').pop() ?? '';
  const job = await (await page.request.get(`/api/v1/bespoke/${jobId}`)).json();
  expect(job.stage).toBe('enquiry');
  expect(job.customer.id).toBe(grace.id);
  expect(job.attachments).toHaveLength(2);
  expect(job.comments[0].body).toContain('From web enquiry ENQ-0001');
  await shots(page, 'job');
});

test('a repair asked for on the form becomes a repair in one click, its pipeline offered from what was asked; pictures the refused form dropped are asked for again', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await openShop(page, { shopName: `Clasp & Co ${unique('r')}` });
  const { formUrl } = (await (await page.request.get('/api/v1/settings/enquiries')).json()) as { formUrl: string };
  const clasp = await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 170, b: 60 } } })
    .jpeg()
    .toBuffer();
  const picture = { name: 'clasp.jpg', mimeType: 'image/jpeg', buffer: clasp };

  const visitor = await context.browser()?.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  if (!visitor) throw new Error('no browser');
  try {
    const form = await visitor.newPage();
    await form.goto(formUrl);
    const verified = () =>
      expect(form.locator('altcha-widget [data-state], altcha-widget[data-state]').first()).toHaveAttribute('data-state', 'verified', { timeout: 30_000 });
    // The budgets are in the shop's currency.
    const budget = form.getByRole('combobox', { name: 'Budget' });
    await expect(budget.getByRole('option')).toHaveText([
      'Not sure yet',
      'Under £500',
      '£500 to £1,000',
      '£1,000 to £2,500',
      '£2,500 to £5,000',
      'Over £5,000',
    ]);
    await form.getByRole('textbox', { name: 'Your name *' }).fill('Priya Shah');
    await form.getByRole('radio', { name: 'A repair' }).check();
    await form.getByRole('textbox', { name: 'Tell us about it *' }).fill('The clasp on my gold bracelet keeps opening.');
    await budget.selectOption('under_500');
    await form.getByLabel(/Reference pictures/).setInputFiles([picture]);
    await form.getByRole('checkbox', { name: /may contact me/ }).check();
    await verified();
    await form.getByRole('button', { name: 'Send enquiry' }).click();

    // No way to answer given: the form comes back with what was typed, and says the picture must be chosen again.
    const problems = form.getByRole('alert');
    await expect(problems).toContainText('Give an e-mail address or a phone number');
    await expect(problems).toContainText('Your picture was not sent (clasp.jpg): choose it again before you send.');
    await expect(form.getByRole('textbox', { name: 'Tell us about it *' })).toHaveValue('The clasp on my gold bracelet keeps opening.');
    await form.getByRole('textbox', { name: 'E-mail' }).fill('priya.shah@example.test');
    await form.getByLabel(/Reference pictures/).setInputFiles([picture]);
    await verified();
    await form.getByRole('button', { name: 'Send enquiry' }).click();
    await expect(form.getByRole('status')).toContainText('ENQ-0001');
  } finally {
    await visitor.close();
  }

  await page.goto('/enquiries');
  await page.getByRole('link', { name: 'Priya Shah, ENQ-0001, unread' }).click();
  await expect(page.getByRole('heading', { name: 'Priya Shah', level: 1 })).toBeVisible();
  await expect(page.getByText('Budget: Under £500')).toBeVisible();
  // A repair enquiry offers the repairs pipeline, not the shop's first.
  await expect(page.getByRole('combobox', { name: 'Pipeline' })).toHaveValue('Repairs');
  await page.getByRole('button', { name: 'Convert to job' }).click();
  const converted = page.getByRole('region', { name: 'Converted' });
  await expect(converted).toContainText('Made into R-');
  await converted.getByRole('link', { name: /^R-/ }).click();

  await expect(page.getByRole('heading', { name: /A repair for Priya Shah/ })).toBeVisible();
  const jobId = page.url().split('/').pop() ?? '';
  const job = await (await page.request.get(`/api/v1/repairs/${jobId}`)).json();
  expect(job).toMatchObject({ stage: 'intake', itemType: 'other', workLines: [], description: 'The clasp on my gold bracelet keeps opening.' });
  expect(job.attachments).toHaveLength(1);
});
