import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../domain/actor.js';
import { invalidField, notFound } from '../../domain/errors.js';
import { writeText } from '../../pdf/unicode-text.js';
import { attachmentDeps } from '../attachments/deps.js';
import { openFile } from '../attachments/service.js';
import { insertOutbox } from '../notifications/outbox-queries.js';
import { ownerEmailOf, passportTopicsOut } from './certificate-mail.js';
import * as q from './queries.js';
import { getPassport } from './service.js';

const A4: [number, number] = [595.28, 841.89];
const INK = '#1d1d1f';
const MUTED = '#5f6368';
/** Characters of the signed token per printed line, in a monospaced face, so it can be typed or read back. */
export const TOKEN_LINE = 120;

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function rule(doc: PDFKit.PDFDocument, left: number, width: number) {
  doc.moveDown(0.5);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(0.5)
    .strokeColor('#c8c8cc')
    .stroke();
  doc.moveDown(0.6);
}

const section = (doc: PDFKit.PDFDocument, label: string, left: number) => {
  writeText(doc, label.toUpperCase(), { size: 8, color: MUTED, characterSpacing: 0.8 }, left, doc.y);
  doc.moveDown(0.2);
};

/** The owner's certificate: letterhead, the piece, its stones and photos, a QR code to /verify and the signed token. */
export async function certificatePdf(deps: AppDeps, actor: Actor, id: string): Promise<{ pdf: Buffer; fileName: string }> {
  const p = await getPassport(deps, actor, id);
  const shop = await deps.db.tenant(actor.shopId, (tx) => q.shopOf(tx, actor.shopId));
  if (!shop) throw notFound('Shop');
  const files = attachmentDeps(deps);
  const photos = await Promise.all(
    p.photos.slice(0, 4).map(async (ph) => ({ jpeg: await bytesOf((await openFile(files, actor, ph.id, 'display')).body), caption: ph.caption })),
  );
  const qr = await QRCode.toBuffer(p.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  const day = (iso: string) => new Intl.DateTimeFormat(shop.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  const pdf = await new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({ size: A4, margin: 48, info: { Title: `Provenance passport ${p.number}`, Producer: 'Loupe', Creator: 'Loupe' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      const qrSize = 110;
      writeText(doc, p.issuerName, { weight: 700, size: 20, color: INK, width: width - qrSize - 12 }, left, 48);
      const contact = [shop.address?.replace(/\s*\n\s*/g, ', '), [shop.phone, shop.email].filter(Boolean).join('  ·  ')].filter((s): s is string => !!s);
      for (const line of contact) writeText(doc, line, { size: 9, color: MUTED, width: width - qrSize - 12 }, left, doc.y);
      doc.image(qr, left + width - qrSize, 40, { width: qrSize, height: qrSize });
      writeText(doc, 'Scan to verify', { size: 7, color: MUTED, width: qrSize, align: 'center' }, left + width - qrSize, 40 + qrSize);
      doc.y = Math.max(doc.y, 40 + qrSize + 12);
      rule(doc, left, width);

      writeText(doc, 'Provenance passport', { weight: 700, size: 16, color: INK, width }, left, doc.y);
      writeText(doc, `${p.number}  ·  issued ${day(p.issuedAt.toISOString().slice(0, 10))}`, { size: 10, color: MUTED, width }, left, doc.y + 2);
      rule(doc, left, width);

      section(doc, 'The piece', left);
      writeText(doc, p.title, { weight: 700, size: 13, color: INK, width }, left, doc.y);
      doc.moveDown(0.3);
      const facts: [string, string | null][] = [
        ['Type', p.jewelleryType],
        ['Metal', [p.metal, p.fineness].filter(Boolean).join(' ') || null],
        ['Hallmarks', p.hallmarks],
        ['Weight', p.weightGrams === null ? null : `${p.weightGrams} g`],
        ['Measurements', p.measurements],
        ['Maker', p.maker],
        ['Made', p.madeOn ? day(p.madeOn) : null],
      ];
      for (const [label, value] of facts) {
        if (!value) continue;
        writeText(doc, `${label}: `, { size: 10, color: MUTED, continued: true }, left, doc.y);
        writeText(doc, value, { size: 10, color: INK, width });
      }
      if (p.madeElsewhere) writeText(doc, `Recorded by ${p.issuerName}; not made by this shop.`, { size: 9, color: MUTED, width }, left, doc.y + 2);

      if (p.stones.length > 0) {
        doc.moveDown(0.6);
        section(doc, 'Stones', left);
        for (const s of p.stones) {
          const line = [
            [s.carat === null ? null : `${s.carat} ct`, s.shape, s.kind].filter(Boolean).join(' '),
            [s.colour, s.clarity].filter(Boolean).join(' / ') || null,
            [s.certificateLab, s.certificateNumber].filter(Boolean).join(' ') || null,
            s.inscription ? `inscribed “${s.inscription}”` : null,
          ]
            .filter(Boolean)
            .join('  ·  ');
          writeText(doc, line, { size: 10, color: INK, width }, left, doc.y);
        }
      }

      if (photos.length > 0) {
        doc.moveDown(0.6);
        section(doc, 'Photographs', left);
        const gap = 10;
        const cell = (width - gap * 3) / 4;
        const top = doc.y;
        photos.forEach((ph, i) => {
          const x = left + i * (cell + gap);
          doc.image(ph.jpeg, x, top, { fit: [cell, cell], align: 'center', valign: 'center' });
          if (ph.caption) writeText(doc, ph.caption, { size: 7, color: MUTED, width: cell }, x, top + cell + 2);
        });
        doc.y = top + cell + 22;
      }

      rule(doc, left, width);
      section(doc, 'Check this certificate', left);
      writeText(
        doc,
        `Scan the code or open ${p.verifyUrl} to see the piece’s signed history. Offline, the token below is a JWS (EdDSA, Ed25519) signed by ${p.issuerName}; check it against the shop’s public keys at ${new URL(p.verifyUrl).origin}/.well-known/jwks.json.`,
        { size: 8.5, color: MUTED, width, lineGap: 1 },
        left,
        doc.y,
      );
      doc.moveDown(0.4);
      doc.font('Courier').fontSize(6.5).fillColor(INK);
      for (let i = 0; i < p.token.length; i += TOKEN_LINE) doc.text(p.token.slice(i, i + TOKEN_LINE), left, doc.y, { width, lineBreak: false });
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
  return { pdf, fileName: `passport-${p.number}.pdf` };
}

/**
 * Queues the certificate, as it is now, to the owner by e-mail through the outbox: one message per
 * request (a repeated Idempotency-Key answers the first); the PDF goes with the row, in one transaction.
 */
export async function emailCertificate(deps: AppDeps, actor: Actor, id: string, input: { note?: string | null | undefined }) {
  const p = await getPassport(deps, actor, id);
  const to = ownerEmailOf(p.ownerContact);
  if (!to) throw invalidField('ownerContact', 'The owner has no e-mail address on this passport: add one first');
  const { pdf, fileName } = await certificatePdf(deps, actor, id);
  const messageId = randomUUID();
  const [topic] = passportTopicsOut;
  await deps.db.tenant(actor.shopId, (tx) =>
    insertOutbox(
      tx,
      {
        id: messageId,
        shopId: actor.shopId,
        topic,
        idempotencyKey: `${topic}:${p.id}:${messageId}`,
        payload: { passportId: p.id, reference: p.number, note: input.note ?? null },
        manual: true,
        requestedBy: actor.userId,
      },
      [{ fileName, contentType: 'application/pdf', content: pdf }],
    ),
  );
  return { id: messageId, to, fileName };
}
