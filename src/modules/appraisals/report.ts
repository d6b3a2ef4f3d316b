import type { Readable } from 'node:stream';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { AppraisalPurpose } from '../../domain/appraisal-pipeline.js';
import type { Clock } from '../../domain/clock.js';
import { notFound } from '../../domain/errors.js';
import { formatMoney } from '../../domain/money.js';
import { openFile } from '../attachments/service.js';
import type { FileStore } from '../attachments/storage/index.js';
import { shopContact } from '../tracking/queries.js';
import { appraisalReportPdf } from './report-pdf.js';
import { appraisals } from './service.js';

const headings: Record<AppraisalPurpose, { heading: string; valueLabel: string; basis: string }> = {
  insurance_replacement: {
    heading: 'Valuation for insurance replacement',
    valueLabel: 'Replacement value',
    basis: 'This is the cost, at the date given, of replacing the piece with one of like kind and quality from a retail jeweller.',
  },
  probate: {
    heading: 'Valuation for probate',
    valueLabel: 'Probate value',
    basis: 'This is the price the piece might fetch, at the date given, if sold on the open market between a willing buyer and seller.',
  },
  resale: {
    heading: 'Valuation for resale',
    valueLabel: 'Resale value',
    basis: 'This is the price the piece might reasonably fetch, at the date given, if sold second-hand through the trade.',
  },
};

const itemWords: Record<string, string> = { loose_stone: 'Loose stone' };
const word = (w: string) => itemWords[w] ?? `${w.charAt(0).toUpperCase()}${w.slice(1).replaceAll('_', ' ')}`;

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The appraisal report for one appraisal of the actor's shop: its figures, its first four photographs, the shop's letterhead. */
export async function appraisalReport(
  deps: { db: Database; clock: Clock; files: FileStore; config: { publicUrl: string } },
  actor: Actor,
  id: string,
): Promise<{ pdf: Buffer; fileName: string }> {
  const job = await appraisals.getJob(deps, actor, id);
  const shop = await deps.db.tenant(actor.shopId, (tx) => shopContact(tx, actor.shopId));
  if (!shop) throw notFound('Shop');
  const photos = await Promise.all(
    job.attachments
      .filter((a) => a.contentType.startsWith('image/'))
      .slice(0, 4)
      .map(async (a) => ({ jpeg: await bytesOf((await openFile(deps, actor, a.id, 'display')).body), caption: a.caption })),
  );
  const day = (iso: string) => new Intl.DateTimeFormat(shop.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  const purpose = headings[job.purpose];
  const pdf = await appraisalReportPdf({
    shop,
    reference: job.reference,
    ...purpose,
    customerName: job.customer.name,
    title: job.title,
    description: job.description,
    facts: [
      ['Item', word(job.itemType)],
      ['Metal', job.metal],
      ['Hallmarks', job.hallmarks],
      ['Weight', job.weightGrams === null ? null : `${job.weightGrams} g`],
    ],
    stones: job.stones.map((s) => ({ ...s, certificate: [s.certificateLab, s.certificateNumber].filter(Boolean).join(' ') || null })),
    photos,
    value: job.replacementValueCents === null ? null : formatMoney(job.replacementValueCents, shop.currency, shop.locale),
    valuer: job.valuer,
    valuationDate: job.valuationDate ? day(job.valuationDate) : null,
    issuedOn: new Intl.DateTimeFormat(shop.locale, { dateStyle: 'long', timeZone: shop.timeZone }).format(deps.clock.now()),
    trackingUrl: job.tracking.url,
  });
  return { pdf, fileName: `appraisal-${job.reference}.pdf` };
}
