import { buffer } from 'node:stream/consumers';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import { notFound } from '../../domain/errors.js';
import { financialsOf } from '../../domain/money.js';
import type { FileStore } from '../attachments/storage/index.js';
import type { PipelineEntry } from '../jobs/entry.js';
import { totalsOfJob } from '../pipeline/queries.js';
import { loadTrackingSettings, shopContact } from '../tracking/queries.js';
import { trackingUrlOf } from '../tracking/service.js';
import { DEFAULT_TERMS } from '../tracking/staff-service.js';
import { jobEnvelope, takeInSlip } from './pdf.js';
import { shopLogoKey, slipJob } from './queries.js';

export interface PrintDeps {
  db: Database;
  files: FileStore;
  config: { publicUrl: string };
}

/**
 * The shop's uploaded logo, for paper. A logo given only as a link elsewhere is not fetched at print
 * time (an address a shop typed is no file to read from the counter); the slip then shows the name alone.
 */
async function logoOf(files: FileStore, key: string | null): Promise<Buffer | null> {
  const found = key ? await files.get(key) : null;
  return found ? buffer(found.body) : null;
}

async function printable(deps: PrintDeps, actor: Actor, pipeline: PipelineEntry, jobId: string) {
  const found = await deps.db.tenant(actor.shopId, async (tx) => {
    const job = await slipJob(tx, pipeline.kind, actor.shopId, jobId);
    const shop = await shopContact(tx, actor.shopId);
    const settings = await loadTrackingSettings(tx, actor.shopId);
    if (!job || !shop) throw notFound(`${pipeline.noun[0]?.toUpperCase()}${pipeline.noun.slice(1)}`);
    const details = await pipeline.store.envelopeLines(tx, actor.shopId, jobId);
    const slip = await pipeline.store.slipDetails(tx, actor.shopId, jobId);
    const financials = financialsOf(job.quotedCents, job.finalCents, await totalsOfJob(tx, jobId));
    return { job, shop, settings, details, slip, financials, logoKey: await shopLogoKey(tx, actor.shopId) };
  });
  return { ...found, logo: await logoOf(deps.files, found.logoKey) };
}

/** The customer's A5 take-in slip, with the QR code of their tracking link. */
export async function slipPdf(deps: PrintDeps, actor: Actor, pipeline: PipelineEntry, jobId: string) {
  const { job, shop, settings, slip, financials, logo } = await printable(deps, actor, pipeline, jobId);
  const pdf = await takeInSlip({
    shop,
    logo,
    reference: job.reference,
    title: job.title,
    customerName: job.customerName,
    customerPhone: job.customerPhone,
    currency: shop.currency,
    workLines: slip.workLines,
    facts: slip.facts,
    amounts: slip.amounts,
    priceCents: financials.finalCents ?? financials.quotedCents,
    depositCents: financials.depositCents,
    paidCents: financials.paidCents,
    balanceCents: financials.balanceOwingCents,
    takenIn: job.createdAt,
    dueDate: job.dueDate,
    locale: shop.locale,
    timeZone: shop.timeZone,
    terms: settings.terms ?? DEFAULT_TERMS,
    trackingUrl: trackingUrlOf(deps.config.publicUrl, job.trackingCode),
  });
  return { pdf, fileName: `slip-${job.reference}.pdf` };
}

/** The bench's job-envelope label, with a QR code that opens the job in the staff app. */
export async function envelopePdf(deps: PrintDeps, actor: Actor, pipeline: PipelineEntry, jobId: string) {
  const { job, shop, details, slip, logo } = await printable(deps, actor, pipeline, jobId);
  const pdf = await jobEnvelope({
    shopName: shop.name,
    logo,
    reference: job.reference,
    title: job.title,
    customerName: job.customerName,
    customerPhone: job.customerPhone,
    dueDate: job.dueDate,
    details,
    work: slip.workLines.map((l) => l.label),
    locale: shop.locale,
    staffUrl: `${deps.config.publicUrl}${pipeline.staffPath}/${job.id}`,
  });
  return { pdf, fileName: `envelope-${job.reference}.pdf` };
}
