import { repairItemTypes, repairPipeline, repairWorkKinds } from '../../../src/domain/repair-pipeline';
import { vocabOf } from '../pipeline/vocab';
import type { ItemType, RepairStage, WorkKind } from './api';

/** The repair pipeline's words, from the same domain module the server reads. */
export const repairs = vocabOf<RepairStage>(repairPipeline, {
  intake: 'gray',
  assessed: 'indigo',
  quoted: 'violet',
  approved: 'blue',
  in_progress: 'teal',
  ready: 'lime',
  collected: 'dark',
  cancelled: 'red',
  on_hold: 'orange',
});

export const itemTypes: readonly ItemType[] = repairItemTypes;
export const workKinds: readonly WorkKind[] = repairWorkKinds;

const words: Record<string, string> = {
  ring: 'Ring',
  necklace: 'Necklace',
  bracelet: 'Bracelet',
  earrings: 'Earrings',
  watch: 'Watch',
  brooch: 'Brooch',
  other: 'Other',
  resize: 'Resize',
  solder: 'Solder',
  re_tip: 'Re-tip',
  re_string: 'Re-string',
  polish: 'Polish',
  replace_clasp: 'Replace clasp',
  set_stone: 'Set stone',
};
export const wordFor = (w: string): string => words[w] ?? w;
