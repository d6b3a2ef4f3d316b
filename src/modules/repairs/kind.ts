import { estimateOf, repairPipeline } from '../../domain/repair-pipeline.js';
import type { JobKind, Links } from '../pipeline/jobs.js';
import { presentJob } from '../pipeline/present.js';
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

const present = (row: q.RepairRow, links: Links) =>
  presentJob(repairPipeline, row, links.config.publicUrl, {
    itemType: row.itemType,
    conditionNotes: row.conditionNotes,
    declaredValueCents: row.declaredValueCents,
    rush: row.rush,
    workLines: row.workLines,
  });

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
