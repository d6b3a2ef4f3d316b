import jsqr from 'jsqr';
import sharp from 'sharp';
import { addCustomer, addJob, addRepair, moveJob, openShop } from './support/api.js';
import { expect, test } from './support/fixtures.js';
import { expectAccessible, shoot } from './support/look.js';

// jsqr is CommonJS whose types declare an ES default export; its module object carries the function as `default` too.
const jsQR = jsqr.default;
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test('a collected piece gets a signed passport from its job page; its certificate’s QR opens /verify on a phone: Verified; it changes hands by code, is reported stolen and /verify warns', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await openShop(page);
  const customer = await addCustomer(page, 'Harriet Vane');
  const job = await addJob(page, { title: 'Emerald three-stone ring', customerId: customer.id, quotedCents: 480_000 }, [
    'consultation',
    'deposit_received',
    'setting',
    'polish',
    'ready',
  ]);
  const photo = await sharp({ create: { width: 600, height: 450, channels: 3, background: '#2f7d4f' } })
    .jpeg()
    .toBuffer();
  const uploaded = await page.request.post(`/api/v1/bespoke/${job.id}/attachments`, {
    multipart: { file: { name: 'ring.jpg', mimeType: 'image/jpeg', buffer: photo }, caption: 'Finished, from above', customerVisible: 'true' },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  await moveJob(page.request, job.id, 'collected');

  // The collected job's page offers the passport, prefilled from the job.
  await page.goto(`/bespoke/${job.id}`);
  const panel = page.getByRole('region', { name: 'Provenance passport' });
  await panel.getByRole('button', { name: 'Issue passport' }).click();
  const modal = page.getByRole('dialog', { name: 'Issue provenance passport' });
  await expect(modal.getByRole('textbox', { name: 'Title' })).toHaveValue('Emerald three-stone ring');
  await expect(modal.getByRole('textbox', { name: 'Owner', exact: true })).toHaveValue('Harriet Vane');
  await modal.getByRole('textbox', { name: 'Metal' }).fill('18ct yellow gold');
  await modal.getByRole('textbox', { name: 'Fineness' }).fill('750');
  await modal.getByRole('textbox', { name: 'Hallmarks' }).fill('750, London leopard');
  await modal.getByRole('textbox', { name: 'Weight (g)' }).fill('4.2');
  await expect(modal.getByRole('img', { name: 'Finished, from above' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/passport-issue-1440.png' });
  await modal.getByRole('button', { name: 'Issue and sign' }).click();

  await expect(page.getByRole('heading', { name: 'Emerald three-stone ring' })).toBeVisible();
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();
  const number = (await page.getByTestId('passport-number').textContent()) ?? '';
  expect(number).toMatch(/^LP-\d{9}$/);
  const passportId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  await shoot(page, 'passport-staff');

  // The certificate's QR code, read as a phone camera would, opens /verify.
  const pdf = await page.request.get(`/api/v1/passports/${passportId}/certificate.pdf`);
  expect(pdf.status()).toBe(200);
  const mupdf = await import('mupdf');
  const pix = mupdf.Document.openDocument(await pdf.body(), 'application/pdf')
    .loadPage(0)
    .toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true, true);
  const qr = jsQR(new Uint8ClampedArray(pix.getPixels()), pix.getWidth(), pix.getHeight());
  expect(qr?.data).toMatch(new RegExp(`/verify/${number}$`));
  const link = new URL(qr?.data ?? '').pathname;

  const context = await browser.newContext({ ...phone });
  const buyer = await context.newPage();
  const first = await buyer.goto(link);
  const sent = (await first?.request().sizes())?.responseBodySize ?? 0;
  console.log(`/verify first load: ${sent} bytes as sent`);
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThan(60 * 1024);
  await expect(buyer.locator('#verdict')).toContainText('Verified');
  await expect(buyer.getByRole('heading', { name: 'Emerald three-stone ring' })).toBeVisible();
  await expect(buyer.getByRole('img', { name: 'Finished, from above' })).toBeVisible();
  await expect(buyer.getByText('Harriet')).toHaveCount(0);
  await expectAccessible(buyer, 'verify page');
  await buyer.screenshot({ path: 'test-results/screens/verify-phone-390.png', fullPage: true });

  // The owner hands it on: the shop gives them a one-time code, and the new owner claims it on /verify.
  await page.getByRole('button', { name: 'Transfer code' }).click();
  const code = (await page.getByTestId('transfer-code').textContent()) ?? '';
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await buyer.getByText('Received this piece? Claim it with a transfer code').click();
  await buyer.getByRole('textbox', { name: 'Transfer code' }).fill(code);
  await buyer.getByRole('textbox', { name: 'Your name' }).fill('Mervyn Bunter');
  await buyer.getByRole('button', { name: 'Claim ownership' }).click();
  await expect(buyer.getByRole('status').filter({ hasText: 'now recorded as yours' })).toBeVisible();
  await expect(buyer.getByText('Ownership transferred')).toBeVisible();
  await expect(buyer.getByText('Mervyn')).toHaveCount(0);
  // The same code again is refused.
  await buyer.getByText('Received this piece? Claim it with a transfer code').click();
  await buyer.getByRole('textbox', { name: 'Transfer code' }).fill(code);
  await buyer.getByRole('textbox', { name: 'Your name' }).fill('Someone Else');
  await buyer.getByRole('button', { name: 'Claim ownership' }).click();
  await expect(buyer.getByRole('alert').filter({ hasText: 'not valid' })).toBeVisible();

  await page.reload();
  await expect(page.getByText('Owned by Mervyn Bunter')).toBeVisible();
  await expect(page.getByText('Ownership transferred')).toBeVisible();

  // Stolen: the shop reports it, and anyone checking the piece is warned.
  await page.getByRole('button', { name: 'Report stolen' }).click();
  const report = page.getByRole('dialog');
  await report.getByRole('textbox', { name: 'Note (shown on /verify)' }).fill('Taken in a burglary; police reference 4471');
  await report.getByRole('button', { name: 'Sign and add' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Reported stolen' })).toBeVisible();
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();
  await shoot(page, 'passport-staff-stolen');
  // The same screen on a phone: one column, nothing wider than the screen.
  for (const width of [768, 390]) {
    await page.setViewportSize({ width, height: width === 768 ? 1024 : 844 });
    await expect(page.getByRole('button', { name: 'Record recovery' })).toBeVisible();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `test-results/screens/passport-staff-stolen-${width}.png`, fullPage: true });
  }

  await buyer.goto(link);
  await expect(buyer.locator('#missing')).toContainText('This piece has been reported stolen');
  await expect(buyer.locator('#verdict')).toContainText('Verified');
  await buyer.screenshot({ path: 'test-results/screens/verify-phone-stolen-390.png', fullPage: true });
  await context.close();

  // A piece the shop did not make: issued from scratch, and flagged as such.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Provenance passports' }).click();
  await expect(page.getByRole('row').filter({ hasText: number })).toContainText('Mervyn Bunter');
  await page.getByRole('button', { name: 'Issue from scratch' }).click();
  const scratch = page.getByRole('dialog', { name: 'Issue a passport from scratch' });
  await scratch.getByRole('textbox', { name: 'Title' }).fill('Art deco sapphire brooch');
  await scratch.getByRole('textbox', { name: 'Metal' }).fill('Platinum');
  await scratch.getByRole('textbox', { name: 'Owner', exact: true }).fill('Lady Mary Wimsey');
  await scratch.getByRole('button', { name: 'Issue and sign' }).click();
  await expect(page.getByRole('heading', { name: 'Art deco sapphire brooch' })).toBeVisible();
  await expect(page.getByText('Not made by this shop')).toBeVisible();
  await page.getByRole('link', { name: 'All passports' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Art deco sapphire brooch' })).toContainText('Not made here');
  await shoot(page, 'passports-list');
});

test('a passport issued from scratch records its stones as rows; a repair linked to it from the job page adds “Repaired” when collected, once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openShop(page);

  // Issue from scratch with structured stones: two rows added, the second removed, the first kept.
  await page.goto('/passports');
  await page.getByRole('button', { name: 'Issue from scratch' }).click();
  const form = page.getByRole('dialog', { name: 'Issue a passport from scratch' });
  await form.getByRole('textbox', { name: 'Title' }).fill('Inherited sapphire cluster ring');
  await form.getByRole('textbox', { name: 'Owner', exact: true }).fill('Harriet Vane');
  await form.getByRole('textbox', { name: 'Owner’s e-mail or phone' }).fill('harriet@example.test');
  await form.getByRole('button', { name: 'Add stone' }).click();
  await form.getByRole('button', { name: 'Add stone' }).click();
  const first = form.getByRole('group', { name: 'Stone 1' });
  await first.getByRole('textbox', { name: 'Kind' }).fill('Sapphire');
  await first.getByRole('textbox', { name: 'Shape' }).fill('Cushion');
  await first.getByRole('textbox', { name: 'Carat' }).fill('1.42');
  await first.getByRole('textbox', { name: 'Colour' }).fill('Cornflower blue');
  await first.getByRole('textbox', { name: 'Clarity' }).fill('Eye clean');
  await first.getByRole('textbox', { name: 'Certificate lab' }).fill('GRS');
  await first.getByRole('textbox', { name: 'Certificate number' }).fill('GRS2026-0099');
  await first.getByRole('textbox', { name: 'Inscription' }).fill('GRS 0099');
  await form.getByRole('group', { name: 'Stone 2' }).getByRole('textbox', { name: 'Kind' }).fill('Diamond');
  await page.screenshot({ path: 'test-results/screens/passport-stones-form-1440.png' });
  await form.getByRole('button', { name: 'Remove stone 2' }).click();
  await expect(form.getByRole('group', { name: 'Stone 2' })).toHaveCount(0);
  await form.getByRole('button', { name: 'Issue and sign' }).click();

  await expect(page.getByRole('heading', { name: 'Inherited sapphire cluster ring' })).toBeVisible();
  await expect(page.getByText('1.42 ct · Cushion · Sapphire · Cornflower blue · Eye clean · GRS GRS2026-0099')).toBeVisible();
  await expect(page.getByText('Diamond')).toHaveCount(0);
  const number = (await page.getByTestId('passport-number').textContent()) ?? '';
  const passportUrl = page.url();

  // A repair of the piece, linked from its job page by the passport's number.
  const customer = await addCustomer(page, 'Harriet Vane');
  const repair = await addRepair(page, { customerId: customer.id, itemType: 'ring', workLines: [{ kind: 'set_stone', priceCents: 6_500 }] }, ['in_progress']);
  await page.goto(`/repairs/${repair.id}`);
  const panel = page.getByRole('region', { name: 'Provenance passport' });
  await expect(panel).toContainText('adds “Repaired”');
  await panel.getByRole('button', { name: 'Link to a passport' }).click();
  const choose = page.getByRole('dialog', { name: 'Link to a passport' });
  await choose.getByRole('combobox', { name: 'Passport' }).fill(number.slice(0, 7));
  await page.getByRole('option', { name: new RegExp(number) }).click();
  await choose.getByRole('button', { name: 'Link' }).click();
  await expect(panel.getByTestId('passport-link')).toContainText(`Linked to ${number}`);
  await expect(panel).toContainText('Moving this job to Collected adds “Repaired”');

  // Collected (and, by mistake, back and collected again): the passport has one "Repaired", signed and verified.
  for (const to of ['ready', 'collected', 'ready', 'collected']) await moveJob(page.request, repair.id, to, undefined, '/api/v1/repairs');
  await page.reload();
  await expect(page.getByTestId('passport-link')).toContainText('“Repaired” is in its history');
  await page.screenshot({ path: 'test-results/screens/passport-link-job-1440.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('passport-link')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/passport-link-job-390.png', fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.goto(passportUrl);
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();
  await expect(page.getByText(`Repair ${repair.reference}`)).toHaveCount(1);
  await expect(page.getByTestId('linked-jobs')).toContainText('Added “Repaired”');
  await shoot(page, 'passport-linked');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('linked-jobs')).toBeVisible();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(1);
  await page.screenshot({ path: 'test-results/screens/passport-linked-390.png', fullPage: true });
});
