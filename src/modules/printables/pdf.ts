import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatMoney } from '../../domain/money.js';
import { writeText } from '../../pdf/unicode-text.js';

export interface SlipData {
  shop: { name: string; phone: string | null; email: string | null; address: string | null; openingHours: string | null };
  /** The shop's logo (a PNG), printed above its name; none prints the name alone. */
  logo: Buffer | null;
  reference: string;
  title: string;
  customerName: string;
  customerPhone: string | null;
  currency: string;
  workLines: readonly { label: string; priceCents: number | null }[];
  facts: readonly (readonly [string, string | null])[];
  amounts: readonly (readonly [string, number | null])[];
  /** The final price once set, else the quote; null when not priced yet. */
  priceCents: number | null;
  depositCents: number;
  paidCents: number;
  balanceCents: number;
  takenIn: Date;
  dueDate: string | null;
  locale: string;
  timeZone: string;
  terms: string;
  trackingUrl: string;
}

export interface EnvelopeData {
  shopName: string;
  logo: Buffer | null;
  reference: string;
  title: string;
  customerName: string;
  customerPhone: string | null;
  dueDate: string | null;
  details: readonly (readonly [string, string | null])[];
  /** The work to do, as the bench reads it (no prices). */
  work: readonly string[];
  locale: string;
  staffUrl: string;
}

const A5: [number, number] = [419.53, 595.28];
const A6: [number, number] = [297.64, 419.53];
const INK = '#1d1d1f';
const MUTED = '#5f6368';

/** A QR code as a PNG, with the quiet zone scanners need; error correction M survives a crease. */
const qrPng = (text: string) => QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });

function render(size: [number, number], title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size, margin: 28, info: { Title: title, Producer: 'Loupe', Creator: 'Loupe' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

/** A date without a time, the shop's way (en-GB: 4 December 2026; en-US: December 4, 2026). */
export function formatDay(isoDate: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

function field(doc: PDFKit.PDFDocument, label: string, value: string, x: number, width: number) {
  writeText(doc, label.toUpperCase(), { size: 8, color: MUTED, width, characterSpacing: 0.6 }, x, doc.y);
  writeText(doc, value, { weight: 700, size: 12, color: INK, width }, x, doc.y + 1);
  doc.moveDown(0.4);
}

/**
 * The shop's logo at (x, y), scaled down (never up) to fit a box, its proportions kept; answers the
 * height it took, so what follows starts below it.
 */
function drawLogo(doc: PDFKit.PDFDocument, logo: Buffer, x: number, y: number, box: { width: number; height: number }): number {
  const size = pngSize(logo);
  if (!size) return 0;
  const scale = Math.min(1, box.width / size.width, box.height / size.height);
  const height = size.height * scale;
  doc.image(logo, x, y, { width: size.width * scale, height });
  return height;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's pixel size from its IHDR chunk (Loupe keeps logos as PNGs); null for anything else. */
function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** The customer's A5 take-in slip: the shop, the piece, the dates, the terms and the tracking QR code. */
export async function takeInSlip(d: SlipData): Promise<Buffer> {
  const qr = await qrPng(d.trackingUrl);
  return render(A5, `Take-in slip ${d.reference}`, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    const nameAt = d.logo ? 28 + drawLogo(doc, d.logo, left, 28, { width: 200, height: 56 }) + 6 : 28;
    writeText(doc, d.shop.name, { weight: 700, size: d.logo ? 14 : 18, color: INK, width }, left, nameAt);
    const contact = [d.shop.address, [d.shop.phone, d.shop.email].filter(Boolean).join('  ·  '), d.shop.openingHours].filter((s): s is string => !!s);
    for (const line of contact) writeText(doc, line, { size: 9, color: MUTED, width }, left, doc.y);
    doc.moveDown(0.8);
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.5)
      .strokeColor('#c8c8cc')
      .stroke();
    doc.moveDown(0.8);

    writeText(doc, 'TAKE-IN SLIP', { size: 9, color: MUTED, characterSpacing: 1 }, left, doc.y);
    writeText(doc, d.reference, { weight: 700, size: 24, color: INK }, left, doc.y + 1);
    doc.moveDown(0.3);
    const top = doc.y;
    const colWidth = width - 150;
    field(doc, 'Piece', d.title, left, colWidth);
    field(doc, 'Customer', [d.customerName, d.customerPhone].filter(Boolean).join('  ·  '), left, colWidth);
    field(doc, 'Taken in', new Intl.DateTimeFormat(d.locale, { dateStyle: 'long', timeZone: d.timeZone }).format(d.takenIn), left, colWidth);
    field(doc, 'Estimated completion', d.dueDate ? formatDay(d.dueDate, d.locale) : 'We will let you know', left, colWidth);
    const afterFields = doc.y;

    const qrSize = 112;
    doc.image(qr, left + width - qrSize, top, { width: qrSize, height: qrSize });
    writeText(doc, 'Scan to follow your piece', { size: 8, color: MUTED, width: qrSize, align: 'center' }, left + width - qrSize, top + qrSize + 2);

    doc.y = Math.max(afterFields, top + qrSize + 14) + 2;
    const money = (cents: number) => formatMoney(cents, d.currency, d.locale);
    rule(doc, left, width);

    // The piece as it came in: what it is, its condition, its declared value.
    const facts = [
      ...d.facts.filter((f): f is [string, string] => !!f[1]),
      ...d.amounts.flatMap(([l, c]) => (c === null ? [] : [[l, money(c)] as [string, string]])),
    ];
    for (const [label, value] of facts) {
      writeText(doc, `${label}: `, { size: 9, color: MUTED, continued: true }, left, doc.y);
      writeText(doc, value, { size: 9, color: INK, width });
    }
    if (facts.length > 0) doc.moveDown(0.4);

    // The work and the money: each line with its price, then the price, the deposit taken and the balance.
    if (d.workLines.length > 0) {
      writeText(doc, 'WORK', { size: 8, color: MUTED, characterSpacing: 0.6 }, left, doc.y);
      for (const l of d.workLines) row(doc, l.label, l.priceCents === null ? 'To be priced' : money(l.priceCents), left, width);
      doc.moveDown(0.3);
    }
    row(doc, 'Price', d.priceCents === null ? 'To be confirmed' : money(d.priceCents), left, width, { bold: true });
    row(doc, 'Deposit taken', money(d.depositCents), left, width);
    if (d.paidCents !== d.depositCents) row(doc, 'Paid in all', money(d.paidCents), left, width);
    row(doc, 'Balance to pay', money(d.balanceCents), left, width, { bold: true });
    doc.moveDown(0.4);

    writeText(doc, 'Or visit', { size: 9, color: INK, continued: true }, left, doc.y);
    writeText(doc, ` ${d.trackingUrl}`, { weight: 700, size: 9, color: INK, width });
    doc.moveDown(0.4);
    rule(doc, left, width);
    writeText(doc, 'Terms', { weight: 700, size: 9, color: INK }, left, doc.y);
    writeText(doc, d.terms, { size: 8, color: MUTED, width, lineGap: 1.5 }, left, doc.y);

    // The customer signs that they agree to the terms and the work.
    doc.moveDown(1.8);
    const signY = doc.y;
    const half = (width - 24) / 2;
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
    writeText(doc, 'Customer signature', { size: 8, color: MUTED, width: half }, left, signY + 3);
    writeText(doc, 'Date', { size: 8, color: MUTED, width: half }, left + half + 24, signY + 3);
  });
}

function rule(doc: PDFKit.PDFDocument, left: number, width: number) {
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor('#c8c8cc')
    .stroke();
  doc.moveDown(0.4);
}

/** A label on the left and a value (an amount) on the right of one line; a long label wraps before the value's column. */
function row(doc: PDFKit.PDFDocument, label: string, value: string, left: number, width: number, opts: { bold?: boolean; muted?: boolean } = {}) {
  const valueWidth = 110;
  const y = doc.y;
  const weight = opts.bold ? 700 : 400;
  writeText(doc, label, { size: 9, weight, color: opts.muted ? MUTED : INK, width: width - valueWidth - 8 }, left, y);
  const after = doc.y;
  writeText(doc, value, { size: 9, weight, color: INK, width: valueWidth, align: 'right' }, left + width - valueWidth, y);
  doc.y = Math.max(after, doc.y) + 1;
}

/** The bench's A6 job-envelope label: the reference large, what the bench needs, and a QR code that opens the job for staff. */
export async function jobEnvelope(d: EnvelopeData): Promise<Buffer> {
  const qr = await qrPng(d.staffUrl);
  return render(A6, `Job envelope ${d.reference}`, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    const nameAt = d.logo ? 20 + drawLogo(doc, d.logo, left, 20, { width: 120, height: 28 }) + 3 : 24;
    writeText(doc, d.shopName.toUpperCase(), { size: 8, color: MUTED, width, characterSpacing: 0.8 }, left, nameAt);
    writeText(doc, d.reference, { weight: 700, size: 34, color: INK, width }, left, doc.y + 2);
    writeText(doc, d.title, { weight: 700, size: 13, color: INK, width }, left, doc.y);
    doc.moveDown(0.6);
    field(doc, 'Customer', [d.customerName, d.customerPhone].filter(Boolean).join('  ·  '), left, width);
    field(doc, 'Due', d.dueDate ? formatDay(d.dueDate, d.locale) : 'No date set', left, width);
    // The piece's details, one line each, label then value: the room is the QR code's.
    const details = [...d.details, ['Work', d.work.join(' · ')] as const].filter((x): x is readonly [string, string] => !!x[1]);
    for (const [label, value] of details) {
      writeText(doc, `${label.toUpperCase()}  `, { size: 7.5, color: MUTED, characterSpacing: 0.6, continued: true }, left, doc.y);
      writeText(doc, value, { weight: 700, size: 10, color: INK, width, characterSpacing: 0 });
      doc.moveDown(0.15);
    }
    // The QR code takes the room left at the foot (at most 110 pt, at least 64 pt, which still scans): a long title or many details shrink it rather than push it onto a second label.
    const bottom = doc.page.height - doc.page.margins.bottom;
    const qrSize = Math.max(64, Math.min(110, bottom - doc.y - 4 - 14));
    const y = Math.max(doc.y + 4, bottom - qrSize - 14);
    doc.image(qr, left + (width - qrSize) / 2, y, { width: qrSize, height: qrSize });
    writeText(doc, 'Scan to open the job in Loupe', { size: 7, color: MUTED, width, align: 'center' }, left, y + qrSize + 1);
  });
}
