import { pieceTypes } from './pieces.js';
import type { PipelineDefinition } from './pipeline.js';

export const appraisalStages = ['requested', 'examining', 'valued', 'report_issued', 'collected', 'cancelled', 'on_hold'] as const;

export type AppraisalStage = (typeof appraisalStages)[number];

/** A valuation: the piece is examined, valued, and the report issued to the customer with the piece. */
export const appraisalPipeline: PipelineDefinition<AppraisalStage, 'appraisal'> = {
  kind: 'appraisal',
  noun: 'appraisal',
  stages: appraisalStages.slice(0, 5),
  sideStates: ['cancelled', 'on_hold'],
  initial: 'requested',
  // The report is the thing the customer waits for: issuing it is what "ready" means here.
  ready: 'report_issued',
  archived: ['collected', 'cancelled'],
  hold: 'on_hold',
  progress: {
    requested: 10,
    examining: 40,
    valued: 75,
    report_issued: 100,
    collected: 100,
    cancelled: 0,
    on_hold: null,
  },
  labels: {
    requested: 'Requested',
    examining: 'Examining',
    valued: 'Valued',
    report_issued: 'Report issued',
    collected: 'Collected',
    cancelled: 'Cancelled',
    on_hold: 'On hold',
  },
  customerLabels: {
    requested: 'Appraisal requested',
    examining: 'Being examined',
    valued: 'Valuation complete',
    report_issued: 'Report ready to collect',
    collected: 'Collected',
    cancelled: 'Cancelled',
    on_hold: 'On hold',
  },
  referencePrefix: 'A',
  cycleStart: 'requested',
  passportEvent: { on: 'collected', kind: 'appraised' },
};

/** What the valuation is for: it decides which value the report states. */
export const appraisalPurposes = ['insurance_replacement', 'probate', 'resale'] as const;
export type AppraisalPurpose = (typeof appraisalPurposes)[number];

export const appraisalItemTypes = pieceTypes;

export interface AppraisalStone {
  kind: string;
  shape?: string | null;
  carat?: number | null;
  colour?: string | null;
  clarity?: string | null;
  measurements?: string | null;
  certificateLab?: string | null;
  certificateNumber?: string | null;
}
