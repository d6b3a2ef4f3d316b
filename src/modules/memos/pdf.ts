import PDFDocument from 'pdfkit';
import { formatMoney } from '../../domain/money.js';
import { writeText } from '../../pdf/unicode-text.js';
import { formatDay } from '../printables/pdf.js';

export interface MemoDocument {
  shop: { name: string; phone: string | null; email: string | null; address: string | null };
  reference: string;
  direction: 'in' | 'out';
  contact: { name: string; company: string | null; email: string | null; phone: string | null; address: string | null };
  receivedOn: string;
  dueBackOn: string | null;
  terms: string | null;
  items: readonly {
    position: number;
    label: string;
    description: string | null;
    kind: string;
    costCents: number | null;
    retailCents: number | null;
    status: string;
  }[];
  currency: string;
  locale: string;
}

const A4: [number, number] = [595.28, 841.89];
const INK = '#1d1d1f';
const MUTED = '#5f6368';

function rule(doc: PDFKit.PDFDocument, left: number, width: number) {
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor('#c8c8cc')
    .stroke();
  doc.moveDown(0.4);
}

/**
 * The memo document that travels with the parcel: who lends what to whom, each item with its stone
 * details and values, the dates and the terms, and a line for each side to sign. Any script prints
 * (src/pdf picks the Noto face that draws each character).
 */
export function memoDocument(d: MemoDocument): Promise<Buffer> {
  const title = d.direction === 'in' ? 'MEMORANDUM (GOODS RECEIVED ON MEMO)' : 'CONSIGNMENT NOTE';
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: A4, margin: 40, info: { Title: `${d.reference}`, Producer: 'Loupe', Creator: 'Loupe' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      const money = (c: number | null) => (c === null ? '—' : formatMoney(c, d.currency, d.locale));
      writeText(doc, d.shop.name, { weight: 700, size: 18, color: INK, width }, left, 40);
      for (const line of [d.shop.address, [d.shop.phone, d.shop.email].filter(Boolean).join('  ·  ')].filter((s): s is string => !!s)) {
        writeText(doc, line, { size: 9, color: MUTED, width }, left, doc.y);
      }
      doc.moveDown(0.8);
      rule(doc, left, width);
      writeText(doc, title, { size: 9, color: MUTED, characterSpacing: 1 }, left, doc.y);
      writeText(doc, d.reference, { weight: 700, size: 24, color: INK }, left, doc.y + 1);
      doc.moveDown(0.4);

      const half = (width - 24) / 2;
      const top = doc.y;
      writeText(doc, d.direction === 'in' ? 'FROM (VENDOR)' : 'TO (CONSIGNEE)', { size: 8, color: MUTED, characterSpacing: 0.6 }, left, top);
      for (const line of [d.contact.name, d.contact.company, d.contact.address, [d.contact.phone, d.contact.email].filter(Boolean).join('  ·  ')]) {
        if (line) writeText(doc, line, { size: 10, color: INK, width: half }, left, doc.y);
      }
      const afterContact = doc.y;
      writeText(doc, d.direction === 'in' ? 'RECEIVED' : 'SENT', { size: 8, color: MUTED, characterSpacing: 0.6 }, left + half + 24, top);
      writeText(doc, formatDay(d.receivedOn, d.locale), { weight: 700, size: 11, color: INK, width: half }, left + half + 24, doc.y);
      writeText(doc, 'DUE BACK', { size: 8, color: MUTED, characterSpacing: 0.6 }, left + half + 24, doc.y + 4);
      writeText(doc, d.dueBackOn ? formatDay(d.dueBackOn, d.locale) : 'Not set', { weight: 700, size: 11, color: INK, width: half }, left + half + 24, doc.y);
      doc.y = Math.max(afterContact, doc.y) + 10;
      rule(doc, left, width);

      // The items: number, description, cost, retail.
      const cols = { n: 22, cost: 80, retail: 80 };
      const descWidth = width - cols.n - cols.cost - cols.retail - 12;
      const header = doc.y;
      writeText(doc, '#', { size: 8, color: MUTED }, left, header);
      writeText(doc, 'ITEM', { size: 8, color: MUTED, characterSpacing: 0.6 }, left + cols.n, header);
      writeText(doc, 'COST', { size: 8, color: MUTED, width: cols.cost, align: 'right' }, left + cols.n + descWidth + 4, header);
      writeText(doc, 'RETAIL', { size: 8, color: MUTED, width: cols.retail, align: 'right' }, left + width - cols.retail, header);
      doc.moveDown(0.3);
      let cost = 0;
      let retail = 0;
      for (const item of d.items) {
        if (doc.y > doc.page.height - 160) doc.addPage();
        const y = doc.y;
        writeText(doc, String(item.position), { size: 9, color: INK }, left, y);
        writeText(doc, item.label, { size: 9, weight: 700, color: INK, width: descWidth }, left + cols.n, y);
        if (item.kind === 'stone' && item.description) writeText(doc, item.description, { size: 8, color: MUTED, width: descWidth }, left + cols.n, doc.y);
        if (item.status !== 'active') writeText(doc, `Status: ${item.status}`, { size: 8, color: MUTED, width: descWidth }, left + cols.n, doc.y);
        const after = doc.y;
        writeText(doc, money(item.costCents), { size: 9, color: INK, width: cols.cost, align: 'right' }, left + cols.n + descWidth + 4, y);
        writeText(doc, money(item.retailCents), { size: 9, color: INK, width: cols.retail, align: 'right' }, left + width - cols.retail, y);
        doc.y = Math.max(after, doc.y) + 4;
        cost += item.costCents ?? 0;
        retail += item.retailCents ?? 0;
      }
      rule(doc, left, width);
      const totals = doc.y;
      writeText(doc, `${d.items.length} ${d.items.length === 1 ? 'item' : 'items'} in all`, { size: 9, weight: 700, color: INK }, left + cols.n, totals);
      writeText(doc, money(cost), { size: 9, weight: 700, color: INK, width: cols.cost, align: 'right' }, left + cols.n + descWidth + 4, totals);
      writeText(doc, money(retail), { size: 9, weight: 700, color: INK, width: cols.retail, align: 'right' }, left + width - cols.retail, totals);
      doc.moveDown(1);

      writeText(doc, 'Terms', { weight: 700, size: 9, color: INK }, left, doc.y);
      const standard =
        d.direction === 'in'
          ? 'The goods listed remain the property of the vendor until paid for in full. They are held on memo for inspection and sale, and are to be returned or paid for by the due-back date.'
          : 'The goods listed remain the property of the shop until paid for in full. They are lent on consignment for sale, and are to be returned or paid for by the due-back date.';
      writeText(doc, d.terms ?? standard, { size: 8.5, color: MUTED, width, lineGap: 1.5 }, left, doc.y);
      doc.moveDown(2.2);
      const signY = doc.y;
      doc
        .moveTo(left, signY)
        .lineTo(left + half, signY)
        .lineWidth(0.6)
        .strokeColor(INK)
        .stroke();
      doc
        .moveTo(left + half + 24, signY)
        .lineTo(left + width, signY)
        .stroke();
      writeText(doc, d.direction === 'in' ? 'Received for the shop' : 'Sent by the shop', { size: 8, color: MUTED, width: half }, left, signY + 3);
      writeText(
        doc,
        d.direction === 'in' ? 'For the vendor' : 'Received by the consignee',
        { size: 8, color: MUTED, width: half },
        left + half + 24,
        signY + 3,
      );
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
