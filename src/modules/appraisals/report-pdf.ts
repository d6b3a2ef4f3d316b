import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { writeText } from '../../pdf/unicode-text.js';

export interface ReportStone {
  kind: string;
  shape: string | null;
  carat: number | null;
  colour: string | null;
  clarity: string | null;
  measurements: string | null;
  certificate: string | null;
}

export interface ReportData {
  shop: { name: string; address: string | null; phone: string | null; email: string | null };
  reference: string;
  /** "Insurance replacement valuation". */
  heading: string;
  customerName: string;
  title: string;
  description: string | null;
  facts: readonly (readonly [string, string | null])[];
  stones: readonly ReportStone[];
  photos: readonly { jpeg: Buffer; caption: string | null }[];
  /** "Replacement value", "Probate value", "Resale value". */
  valueLabel: string;
  /** What the value means for this purpose, printed under it. */
  basis: string;
  value: string | null;
  valuer: string | null;
  valuationDate: string | null;
  issuedOn: string;
  trackingUrl: string;
}

const INK = '#1d1d1f';
const MUTED = '#5f6368';
const RULE = '#c8c8cc';
const A4: [number, number] = [595.28, 841.89];

const stoneCells = (s: ReportStone) => [
  s.kind,
  s.shape ?? '—',
  s.carat === null ? '—' : `${s.carat} ct`,
  [s.colour, s.clarity].filter(Boolean).join(' / ') || '—',
  s.certificate ?? '—',
];

/**
 * The appraisal report as a jeweller hands it to an insurer: the shop's letterhead, what was examined,
 * its stones, photographs, the value with the valuer's name, date and signature line, and a QR code
 * to the piece's page.
 */
export async function appraisalReportPdf(d: ReportData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(d.trackingUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: A4, margin: 48, info: { Title: `${d.heading} ${d.reference}`, Producer: 'Loupe', Creator: 'Loupe' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc, d, qr);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

function rule(doc: PDFKit.PDFDocument, left: number, width: number) {
  doc.moveDown(0.6);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  doc.moveDown(0.6);
}

function section(doc: PDFKit.PDFDocument, label: string, left: number) {
  writeText(doc, label.toUpperCase(), { size: 8, color: MUTED, characterSpacing: 0.8 }, left, doc.y);
  doc.moveDown(0.2);
}

function draw(doc: PDFKit.PDFDocument, d: ReportData, qr: Buffer) {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const qrSize = 96;

  // Letterhead.
  writeText(doc, d.shop.name, { weight: 700, size: 20, color: INK, width: width - qrSize - 12 }, left, 48);
  const contact = [d.shop.address?.replace(/\s*\n\s*/g, ', '), [d.shop.phone, d.shop.email].filter(Boolean).join('  ·  ')].filter((s): s is string => !!s);
  for (const line of contact) writeText(doc, line, { size: 9, color: MUTED, width: width - qrSize - 12 }, left, doc.y);
  doc.image(qr, left + width - qrSize, 40, { width: qrSize, height: qrSize });
  writeText(doc, 'Scan to view this piece', { size: 7, color: MUTED, width: qrSize, align: 'center' }, left + width - qrSize, 40 + qrSize);
  doc.y = Math.max(doc.y, 40 + qrSize + 10);
  rule(doc, left, width);

  writeText(doc, d.heading, { weight: 700, size: 16, color: INK, width }, left, doc.y);
  writeText(doc, `Reference ${d.reference}  ·  issued ${d.issuedOn}  ·  prepared for ${d.customerName}`, { size: 9, color: MUTED, width }, left, doc.y + 2);
  rule(doc, left, width);

  section(doc, 'The piece', left);
  writeText(doc, d.title, { weight: 700, size: 12, color: INK, width }, left, doc.y);
  if (d.description) writeText(doc, d.description, { size: 10, color: INK, width, lineGap: 1.5 }, left, doc.y + 2);
  doc.moveDown(0.4);
  for (const [label, value] of d.facts) {
    if (!value) continue;
    writeText(doc, `${label}: `, { size: 10, color: MUTED, continued: true }, left, doc.y);
    writeText(doc, value, { size: 10, color: INK, width });
  }

  if (d.stones.length > 0) {
    doc.moveDown(0.6);
    section(doc, 'Stones', left);
    const cols = [0.2, 0.22, 0.12, 0.16, 0.3].map((f) => f * width);
    const row = (cells: string[], bold: boolean) => {
      const y = doc.y;
      let x = left;
      let bottom = y;
      cells.forEach((cell, i) => {
        const w = (cols[i] ?? 0) - 6;
        writeText(doc, cell, { weight: bold ? 700 : 400, size: 9, color: bold ? MUTED : INK, width: w }, x, y);
        bottom = Math.max(bottom, doc.y);
        x += cols[i] ?? 0;
      });
      doc.y = bottom + 3;
    };
    row(['Stone', 'Shape', 'Weight', 'Colour / clarity', 'Certificate'], true);
    for (const s of d.stones) row(stoneCells(s), false);
  }

  if (d.photos.length > 0) {
    doc.moveDown(0.6);
    section(doc, 'Photographs', left);
    const gap = 10;
    const cell = (width - gap * 3) / 4;
    const top = doc.y;
    d.photos.slice(0, 4).forEach((p, i) => {
      const x = left + i * (cell + gap);
      doc.image(p.jpeg, x, top, { fit: [cell, cell], align: 'center', valign: 'center' });
      if (p.caption) writeText(doc, p.caption, { size: 7, color: MUTED, width: cell }, x, top + cell + 2);
    });
    doc.y = top + cell + 22;
  }

  rule(doc, left, width);
  section(doc, d.valueLabel, left);
  writeText(doc, d.value ?? 'Not yet valued', { weight: 700, size: 22, color: INK }, left, doc.y);
  writeText(
    doc,
    [d.valuer ? `Valued by ${d.valuer}` : null, d.valuationDate ? `on ${d.valuationDate}` : null].filter(Boolean).join(' ') || 'Valuer not recorded',
    { size: 10, color: INK, width },
    left,
    doc.y + 2,
  );
  doc.moveDown(2.2);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + 220, doc.y)
    .lineWidth(0.5)
    .strokeColor(INK)
    .stroke();
  writeText(doc, 'Signature of the valuer', { size: 8, color: MUTED }, left, doc.y + 3);
  doc.moveDown(1.2);
  writeText(
    doc,
    `${d.basis} It is not an offer to buy. Weights of mounted stones are estimated unless a certificate is cited.`,
    { size: 7.5, color: MUTED, width, lineGap: 1 },
    left,
    doc.y,
  );
}
