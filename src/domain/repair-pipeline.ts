import { type PieceType, pieceTypes } from './pieces.js';
import type { PipelineDefinition } from './pipeline.js';

export const repairStages = ['intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected', 'cancelled', 'on_hold'] as const;

export type RepairStage = (typeof repairStages)[number];

/** The seven-stage cousin of the bespoke pipeline: the same engine reads it. */
export const repairPipeline: PipelineDefinition<RepairStage, 'repair'> = {
  kind: 'repair',
  noun: 'repair',
  stages: repairStages.slice(0, 7),
  sideStates: ['cancelled', 'on_hold'],
  initial: 'intake',
  ready: 'ready',
  archived: ['collected', 'cancelled'],
  hold: 'on_hold',
  // Weighted by bench effort: most of a repair's time is the work itself, after the quote is approved.
  progress: {
    intake: 5,
    assessed: 20,
    quoted: 30,
    approved: 45,
    in_progress: 70,
    ready: 100,
    collected: 100,
    cancelled: 0,
    on_hold: null,
  },
  labels: {
    intake: 'Booked in',
    assessed: 'Assessed',
    quoted: 'Quoted',
    approved: 'Approved',
    in_progress: 'In progress',
    ready: 'Ready',
    collected: 'Collected',
    cancelled: 'Cancelled',
    on_hold: 'On hold',
  },
  customerLabels: {
    intake: 'Booked in',
    assessed: 'Assessed by our jeweller',
    quoted: 'Quote ready for you',
    approved: 'Quote approved',
    in_progress: 'Being repaired',
    ready: 'Ready to collect',
    collected: 'Collected',
    cancelled: 'Cancelled',
    on_hold: 'On hold',
  },
  referencePrefix: 'R',
  cycleStart: 'intake',
  passportEvent: { on: 'collected', kind: 'repaired' },
};

/** A loose stone is valued, never repaired. */
export const repairItemTypes = pieceTypes.filter((t): t is Exclude<PieceType, 'loose_stone'> => t !== 'loose_stone') as readonly Exclude<
  PieceType,
  'loose_stone'
>[];
export const repairWorkKinds = ['resize', 'solder', 're_tip', 're_string', 'polish', 'replace_clasp', 'set_stone', 'other'] as const;

export interface WorkLine {
  kind: (typeof repairWorkKinds)[number];
  description?: string | null;
  priceCents: number;
}

/** A repair's estimate is the sum of its work lines. */
export function estimateOf(lines: readonly Pick<WorkLine, 'priceCents'>[]): number {
  return lines.reduce((sum, l) => sum + l.priceCents, 0);
}
