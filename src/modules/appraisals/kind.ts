import { pieceInTitle } from '../../domain/pieces.js';
import { defineJobKind } from '../pipeline/jobs.js';
import { insertJobRow, updateJobRow } from '../pipeline/queries.js';
import * as q from './queries.js';
import type { CreateInput, PatchInput } from './schemas.js';
import { appraisalStore } from './store.js';

/** What appraisals add to the pipeline engine: the piece, the purpose and outcome of the valuation, and its stones. */
export const appraisalKind = defineJobKind<
  q.AppraisalRow,
  'itemType' | 'purpose' | 'metal' | 'hallmarks' | 'weightGrams' | 'replacementValueCents' | 'valuer' | 'valuationDate' | 'stones',
  CreateInput,
  PatchInput
>({
  store: appraisalStore,
  noun: 'Appraisal',
  fields: ['itemType', 'purpose', 'metal', 'hallmarks', 'weightGrams', 'replacementValueCents', 'valuer', 'valuationDate', 'stones'],
  select: q.selectAppraisals,
  async insert(tx, base, input) {
    const { stones = [], title, ...fields } = input;
    const created = await insertJobRow(tx, appraisalStore, base, { ...fields, title: title || `Appraisal: ${pieceInTitle(input.itemType)}` });
    await q.replaceStones(tx, base.shopId, created.id, stones);
    return created;
  },
  async update(tx, shopId, id, input, at) {
    const { stones, ...fields } = input;
    if (stones) await q.replaceStones(tx, shopId, id, stones);
    await updateJobRow(tx, appraisalStore, shopId, id, fields, at);
  },
});
