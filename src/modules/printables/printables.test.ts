import jsqr from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from '../../seed/factories.js';
import type { TestApp } from '../../testing/test-app.js';
import { ORIGIN, testApp } from '../../testing/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

interface Job {
  id: string;
  reference: string;
  tracking: { code: string; url: string };
}

// jsqr is CommonJS whose types declare an ES default export; its module object carries the function as `default` too.
const jsQR = jsqr.default;

describe('the take-in slip and the job envelope', () => {
  async function firstPageQr(pdf: Buffer) {
    const mupdf = await import('mupdf');
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
    const pix = doc.loadPage(0).toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true, true);
    const decoded = jsQR(new Uint8ClampedArray(pix.getPixels()), pix.getWidth(), pix.getHeight());
    return { text: decoded?.data ?? null, pages: doc.countPages(), width: pix.getWidth() / 2, height: pix.getHeight() / 2 };
  }

  it('prints an A5 slip whose QR code opens the tracking link, and an envelope whose QR code opens the job for staff', async () => {
    const shop = await t.newShop();
    const customer = await makeCustomer(t.deps, shop.actor, { name: 'Grace Holloway' });
    const job = (await shop.client.post('/api/v1/bespoke', { title: 'Signet ring', customerId: customer.id, dueDate: '2027-01-08' })).json() as Job;
    const slip = await shop.client.get(`/api/v1/bespoke/${job.id}/slip.pdf`);
    expect(slip.statusCode).toBe(200);
    expect(slip.headers['content-type']).toBe('application/pdf');
    const read = await firstPageQr(slip.rawPayload);
    expect(read.text).toBe(job.tracking.url);
    expect(read.pages).toBe(1);
    expect(read.width).toBeCloseTo(419.53, 0);
    expect(read.height).toBeCloseTo(595.28, 0);

    const envelope = await shop.client.get(`/api/v1/bespoke/${job.id}/envelope.pdf`);
    expect(envelope.statusCode).toBe(200);
    expect((await firstPageQr(envelope.rawPayload)).text).toBe(`${ORIGIN}/bespoke/${job.id}`);

    const other = await t.newShop();
    expect((await other.client.get(`/api/v1/bespoke/${job.id}/slip.pdf`)).statusCode).toBe(404);
  });
  it('prints any Unicode a customer or staff member typed, and wraps a long title beside the QR code, never under it', async () => {
    const shop = await t.newShop();
    const customer = await makeCustomer(t.deps, shop.actor, { name: 'Zoë Ōtsuka 大塚' });
    const title = 'Bague 💎 pour Zoë — 婚約指輪, platinum band with a pavé of forty-two brilliant-cut diamonds and a hand-engraved inscription';
    const job = (await shop.client.post('/api/v1/bespoke', { title, customerId: customer.id })).json() as Job;
    const pdf = (await shop.client.get(`/api/v1/bespoke/${job.id}/slip.pdf`)).rawPayload;

    const mupdf = await import('mupdf');
    const page = mupdf.Document.openDocument(pdf, 'application/pdf').loadPage(0);
    const text = page.toStructuredText('preserve-whitespace').asText();
    const flat = text.replace(/\s+/g, ' ');
    for (const words of ['Bague 💎 pour Zoë — 婚約指輪', 'brilliant-cut diamonds', 'Zoë Ōtsuka 大塚']) expect(flat).toContain(words);
    expect(text).not.toContain('\uFFFD');

    interface Line {
      bbox: { x: number; y: number; w: number; h: number };
      text: string;
    }
    const json = JSON.parse(page.toStructuredText('preserve-whitespace').asJSON()) as { blocks: { lines?: Line[] }[] };
    const lines = json.blocks.flatMap((b) => b.lines ?? []);
    const caption = lines.find((l) => l.text.includes('Scan to follow your piece'));
    const titleLines = lines.filter((l) => title.includes(l.text.trim()) && l.text.trim().length > 3);
    expect(caption).toBeDefined();
    expect(titleLines.length).toBeGreaterThan(1);
    // The QR code sits above its caption, as wide as it: no line of the title reaches into that column.
    const qrLeft = caption?.bbox.x ?? 0;
    for (const l of titleLines) expect(l.bbox.x + l.bbox.w).toBeLessThan(qrLeft);
  });
});
