import jsqr from 'jsqr';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { multipart } from '../../testing/multipart.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { shopWithCustomer } from '../../testing/test-app.js';
import { noisyJpeg } from '../attachments/fixtures.js';

// jsqr is CommonJS whose types declare an ES default export; its module object carries the function as `default` too.
const jsQR = jsqr.default;

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  ({ t, client, customerId } = await shopWithCustomer({ name: 'Harriet Vane' }));
});
afterAll(() => t.close());

it('prints the report an insurer reads: the piece, its stones and photographs, the value, the valuer and date, and a QR code to its page', async () => {
  await client.patch('/api/v1/shop/contact', { phone: '020 7946 0000', address: '12 Hatton Garden\nLondon EC1N 8AN' });
  const job = (
    await client.post('/api/v1/appraisals', {
      customerId,
      itemType: 'ring',
      title: 'Victorian diamond cluster ring',
      description: 'Nine old-cut diamonds in a flower cluster on a tapered shank.',
      metal: '18ct yellow gold',
      hallmarks: '18, Birmingham anchor',
      weightGrams: 4.2,
      stones: [{ kind: 'Diamond', shape: 'old European cut', carat: 0.5, colour: 'H', clarity: 'VS2', certificateLab: 'GIA', certificateNumber: '2141438167' }],
      replacementValueCents: 650_000,
      valuer: 'Peter Wimsey FGA',
      valuationDate: '2026-12-03',
    })
  ).json();
  const { body, headers } = multipart([
    { name: 'file', fileName: 'top.jpg', bytes: await noisyJpeg() },
    { name: 'caption', value: 'From above' },
  ]);
  expect((await client.post(`/api/v1/appraisals/${job.id}/attachments`, body, { headers })).statusCode).toBe(201);

  const res = await client.get(`/api/v1/appraisals/${job.id}/report.pdf`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');

  const mupdf = await import('mupdf');
  const page = mupdf.Document.openDocument(res.rawPayload, 'application/pdf').loadPage(0);
  const text = page.toStructuredText('preserve-whitespace').asText().replace(/\s+/g, ' ');
  for (const words of [
    'Hatton & Daughters',
    '12 Hatton Garden, London EC1N 8AN',
    'Valuation for insurance replacement',
    job.reference,
    'prepared for Harriet Vane',
    'Victorian diamond cluster ring',
    'Hallmarks: 18, Birmingham anchor',
    'Weight: 4.2 g',
    'old European cut',
    'GIA 2141438167',
    'From above',
    'REPLACEMENT VALUE',
    '£6,500.00',
    'Valued by Peter Wimsey FGA on 3 December 2026',
    'Signature of the valuer',
  ])
    expect(text).toContain(words);
  // The photograph is on the page as an image, and the QR code opens the piece's tracking page.
  const pix = page.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true, true);
  expect(jsQR(new Uint8ClampedArray(pix.getPixels()), pix.getWidth(), pix.getHeight())?.data).toBe(job.tracking.url);
  expect(res.rawPayload.toString('latin1').match(/\/Subtype\s*\/Image/g)?.length ?? 0).toBeGreaterThanOrEqual(2);

  const other = await t.newShop('Elsewhere');
  expect((await other.client.get(`/api/v1/appraisals/${job.id}/report.pdf`)).statusCode).toBe(404);
  const repair = (await client.post('/api/v1/repairs', { customerId, itemType: 'ring', workLines: [{ kind: 'polish', priceCents: 1_000 }] })).json();
  expect((await client.get(`/api/v1/appraisals/${repair.id}/report.pdf`)).statusCode).toBe(404);
});
