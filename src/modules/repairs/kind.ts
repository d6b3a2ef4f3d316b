import { financialsOf } from '../../domain/money.js';
import { progressOf } from '../../domain/pipeline.js';
import { estimateOf, type RepairStage, repairPipeline } from '../../domain/repair-pipeline.js';
import type { JobKind, Links } from '../pipeline/jobs.js';
import * as q from './queries.js';
import type { CreateInput, PatchInput } from './schemas.js';
import { repairStore } from './store.js';

const itemNames = { ring: 'Ring', necklace: 'Necklace', bracelet: 'Bracelet', earrings: 'Earrings', watch: 'Watch', brooch: 'Brooch', other: 'Item' } as const;
const workNames = {
  resize: 'resize',
  solder: 'solder',
  re_tip: 're-tip',
  re_string: 're-string',
  polish: 'polish',
  replace_clasp: 'replace clasp',
  set_stone: 'set stone',
  other: 'repair',
} as const;

/** A repair's title when the counter gives none: "Ring: resize, polish". */
export function defaultTitle(input: Pick<CreateInput, 'itemType' | 'workLines'>): string {
  return `${itemNames[input.itemType]}: ${[...new Set(input.workLines.map((l) => workNames[l.kind]))].join(', ')}`;
}

function present(row: q.RepairRow, links: Links) {
  const stage = row.stage as RepairStage;
  const held = row.heldFromStage as RepairStage | null;
  const f = financialsOf(row.quotedCents, row.finalCents, row);
  return {
    id: row.id,
    kind: 'repair',
    reference: row.reference,
    title: row.title,
    stage,
    stageLabel: repairPipeline.labels[stage],
    heldFromStage: held,
    progress: progressOf(repairPipeline, stage, held),
    customer: { id: row.customerId, name: row.customerName },
    itemType: row.itemType,
    description: row.description,
    notes: row.notes,
    conditionNotes: row.conditionNotes,
    declaredValueCents: row.declaredValueCents,
    rush: row.rush,
    workLines: row.workLines,
    dueDate: row.dueDate,
    quotedCents: row.quotedCents,
    finalCents: row.finalCents,
    depositCents: f.depositCents,
    paidCents: f.paidCents,
    balanceOwingCents: f.balanceOwingCents,
    currency: row.currency,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    stageChangedAt: row.stageChangedAt,
    tracking: { code: row.trackingCode, url: `${links.config.publicUrl}/track/${row.trackingCode}` },
  };
}

export const repairKind: JobKind<q.RepairRow, ReturnType<typeof present>, CreateInput, PatchInput> = {
  store: repairStore,
  noun: 'Repair',
  select: q.selectRepairs,
  present,
  async insert(tx, base, input) {
    const { workLines, title, ...fields } = input;
    // The estimate is kept on the job (quoted_cents) so the shared money machinery reads it like a quote.
    const created = await q.insertRepair(tx, { ...fields, ...base, title: title || defaultTitle(input), quotedCents: estimateOf(workLines) });
    await q.replaceWorkLines(tx, base.shopId, created.id, workLines);
    return created;
  },
  async update(tx, shopId, id, input, at) {
    const { workLines, ...fields } = input;
    if (workLines) await q.replaceWorkLines(tx, shopId, id, workLines);
    await q.updateRepair(tx, shopId, id, { ...fields, ...(workLines ? { quotedCents: estimateOf(workLines) } : {}) }, at);
  },
};
