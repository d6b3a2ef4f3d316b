import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinesUnderTest } from '../../testing/pipelines.js';
import type { Client, TestApp } from '../../testing/test-app.js';
import { testApp } from '../../testing/test-app.js';

/** What the customer's slip says, read back from the PDF's own text. */

let t: TestApp, client: Client, customerId: string;
beforeAll(async () => {
  t = await testApp();
  ({ client } = await t.newShop());
  await client.patch('/api/v1/shop/contact', { phone: '020 7946 0000', address: '12 Hatton Garden, London EC1N 8AN' });
  customerId = (await client.post('/api/v1/customers', { name: 'Zoë Ōtsuka 大塚', phone: '07911 123456' })).json().id;
});
afterAll(() => t.close());

async function pdfText(pdf: Buffer) {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  let text = '';
  for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText('preserve-whitespace').asText();
  return { text, flat: text.replace(/\s+/g, ' '), pages: doc.countPages() };
}

describe('the take-in slip', () => {
  it('of a repair with four work lines: each line with its price, the deposit and balance, condition, declared value, phones, address, terms, signature', async () => {
    const title = 'Bague 💎 pour Zoë — 婚約指輪';
    const made = await client.post('/api/v1/repairs', {
      customerId,
      title,
      itemType: 'ring',
      conditionNotes: 'Worn shank, one claw lifted',
      declaredValueCents: 250_000,
      workLines: [
        { kind: 'resize', description: 'N to P', priceCents: 4_500 },
        { kind: 're_tip', description: 'Four claws', priceCents: 8_000 },
        { kind: 'polish', priceCents: 2_500 },
        { kind: 'set_stone', description: 'Reset the centre stone', priceCents: 6_000 },
      ],
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    expect((await client.post(`/api/v1/repairs/${id}/payments`, { kind: 'deposit', amountCents: 5_000, method: 'card' })).statusCode).toBe(201);

    const res = await client.get(`/api/v1/repairs/${id}/slip.pdf`);
    expect(res.statusCode).toBe(200);
    const { text, flat, pages } = await pdfText(res.rawPayload);
    expect(pages).toBe(1);
    for (const words of [
      title,
      'Zoë Ōtsuka 大塚 · +447911123456',
      '12 Hatton Garden, London EC1N 8AN',
      '020 7946 0000',
      'Resize: N to P £45.00',
      'Re-tip claws: Four claws £80.00',
      'Polish £25.00',
      'Set stone: Reset the centre stone £60.00',
      'Price £210.00',
      'Deposit taken £50.00',
      'Balance to pay £160.00',
      'Condition: Worn shank, one claw lifted',
      'Declared value: £2,500.00',
      'Terms',
      'Customer signature',
    ]) {
      expect(flat).toContain(words);
    }
    expect(text).not.toContain('\uFFFD');

    // A rendering to look at, each page a PNG (mupdf, as pdftoppm would draw it).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-slip-'));
    const mupdf = await import('mupdf');
    const doc = mupdf.Document.openDocument(res.rawPayload, 'application/pdf');
    for (let i = 0; i < doc.countPages(); i++) {
      const png = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(1.5, 1.5), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
      writeFileSync(path.join(dir, `slip-${i + 1}.png`), png);
    }
    console.info(`slip rendering: ${dir}`);
  });

  it.each(pipelinesUnderTest.map((p) => [p.def.kind, p] as const))(
    'of a %s: the price, deposit and balance, and a voided payment no longer counts',
    async (_kind, p) => {
      const id = (await client.post(p.path, p.newJob(customerId))).json().id;
      await client.post(`${p.path}/${id}/payments`, { kind: 'deposit', amountCents: 1_000, method: 'cash' });
      const wrong = (await client.post(`${p.path}/${id}/payments`, { kind: 'payment', amountCents: 700, method: 'cash' })).json().id;
      await client.post(`${p.path}/${id}/payments/${wrong}/void`, { reason: 'Rang up twice' });
      const job = (await client.get(`${p.path}/${id}`)).json();
      const { flat } = await pdfText((await client.get(`${p.path}/${id}/slip.pdf`)).rawPayload);
      const money = (c: number) => `£${(c / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`;
      expect(flat).toContain('Deposit taken £10.00');
      expect(flat).toContain(`Balance to pay ${money(job.financials.balanceOwingCents)}`);
      expect(flat).not.toContain('Paid in all');
      expect(flat).toContain('Customer signature');
    },
  );

  it('the envelope of the same repair: item, condition and work for the bench, and a long title wraps above the QR code, never under it', async () => {
    const title = 'Bague 💎 pour Zoë — 婚約指輪, platinum band with a pavé of forty-two brilliant-cut diamonds';
    const made = await client.post('/api/v1/repairs', {
      customerId,
      title,
      itemType: 'ring',
      conditionNotes: 'Worn shank',
      workLines: [
        { kind: 'resize', description: 'N to P', priceCents: 4_500 },
        { kind: 'polish', priceCents: 2_500 },
      ],
    });
    const id = made.json().id;
    const pdf = (await client.get(`/api/v1/repairs/${id}/envelope.pdf`)).rawPayload;
    const { flat, pages } = await pdfText(pdf);
    writeFileSync(path.join(os.tmpdir(), 'loupe-envelope-look.pdf'), pdf);
    console.info(`envelope: ${path.join(os.tmpdir(), 'loupe-envelope-look.pdf')}`);
    expect(pages).toBe(1);
    for (const words of ['ITEM ring', 'CONDITION Worn shank', 'WORK Resize: N to P · Polish', 'Zoë Ōtsuka 大塚 · +447911123456']) expect(flat).toContain(words);
    interface Line {
      bbox: { x: number; y: number; w: number; h: number };
      text: string;
    }
    const mupdf = await import('mupdf');
    const page = mupdf.Document.openDocument(pdf, 'application/pdf').loadPage(0);
    const lines = (JSON.parse(page.toStructuredText('preserve-whitespace').asJSON()) as { blocks: { lines?: Line[] }[] }).blocks.flatMap((b) => b.lines ?? []);
    const titleLines = lines.filter((l) => title.includes(l.text.trim()) && l.text.trim().length > 3);
    expect(titleLines.length).toBeGreaterThan(1);
    const caption = lines.find((l) => l.text.includes('Scan to open the job'));
    // The QR code (110 pt) sits just above its caption: every title line ends above it.
    const qrTop = (caption?.bbox.y ?? 0) - 112;
    for (const l of titleLines) expect(l.bbox.y + l.bbox.h).toBeLessThan(qrTop);
  });
});
