import { pieceName } from '../../../../src/domain/pieces';
import { repairItemTypes, repairWorkKinds } from '../../../../src/domain/repair-pipeline';
import type { PipelineTypes } from '../../pipeline/api';
import type { BoardJob } from '../../pipeline/cards';

export type Repair = BoardJob<PipelineTypes<'repairs'>['card']>;
export type RepairDetail = PipelineTypes<'repairs'>['detail'];
export type RepairStage = Repair['stage'];
export type ItemType = Repair['itemType'];
export type WorkKind = RepairDetail['workLines'][number]['kind'];

export const itemTypes: readonly ItemType[] = repairItemTypes;
export const workKinds: readonly WorkKind[] = repairWorkKinds;

const words: Record<string, string> = {
  resize: 'Resize',
  solder: 'Solder',
  re_tip: 'Re-tip',
  re_string: 'Re-string',
  polish: 'Polish',
  replace_clasp: 'Replace clasp',
  set_stone: 'Set stone',
};
export const wordFor = (w: string): string => words[w] ?? pieceName(w);
