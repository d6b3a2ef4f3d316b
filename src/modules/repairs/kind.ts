import { invalidField } from '../../domain/errors.js';
import { pieceInTitle } from '../../domain/pieces.js';
import { estimateOf, type RepairStage } from '../../domain/repair-pipeline.js';
import { defineJobKind } from '../pipeline/jobs.js';
import { insertJobRow, updateJobRow } from '../pipeline/queries.js';
import * as q from './queries.js';
import type { CreateInput, PatchInput } from './schemas.js';
import { repairStore } from './store.js';

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
  return `${pieceInTitle(input.itemType)}: ${[...new Set(input.workLines.map((l) => workNames[l.kind]))].join(', ')}`;
}

/** Where the customer answers the quote from their tracking page. */
export const quoteStage: RepairStage = 'quoted';

/** What repairs add to the pipeline engine: the item, its condition, its value, rush, and the work lines. */
export const repairKind = defineJobKind<q.RepairRow, 'itemType' | 'conditionNotes' | 'declaredValueCents' | 'rush' | 'workLines', CreateInput, PatchInput>({
  store: repairStore,
  noun: 'Repair',
  fields: ['itemType', 'conditionNotes', 'declaredValueCents', 'rush', 'workLines'],
  select: q.selectRepairs,
  async insert(tx, base, input) {
    const { workLines, title, ...fields } = input;
    // The estimate is kept on the job (quoted_cents) so the shared money machinery reads it like a quote;
    // a repair booked from an enquiry has no lines yet, and so no estimate (not one of nothing).
    const quotedCents = workLines.length > 0 ? estimateOf(workLines) : null;
    const created = await insertJobRow(tx, repairStore, base, { ...fields, title: title || defaultTitle(input), quotedCents });
    await q.replaceWorkLines(tx, base.shopId, created.id, workLines);
    return created;
  },
  // The customer is asked to approve a quote's lines: a repair taken from a web enquiry has none until the piece is seen.
  async beforeEntering(tx, shopId, id, stage) {
    if (stage === quoteStage && (await q.quoteLines(tx, shopId, id)).length === 0) {
      throw invalidField('to', 'Add the work to be done before quoting: the customer approves the quote line by line');
    }
  },
  async update(tx, shopId, id, input, at) {
    const { workLines, ...fields } = input;
    if (workLines) await q.replaceWorkLines(tx, shopId, id, workLines);
    await updateJobRow(tx, repairStore, shopId, id, { ...fields, ...(workLines ? { quotedCents: estimateOf(workLines) } : {}) }, at);
  },
});
