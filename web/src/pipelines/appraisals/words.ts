import { appraisalItemTypes, appraisalPurposes } from '../../../../src/domain/appraisal-pipeline';
import { pieceName } from '../../../../src/domain/pieces';
import type { PipelineTypes } from '../../pipeline/api';
import type { BoardJob } from '../../pipeline/cards';

export type Appraisal = BoardJob<PipelineTypes<'appraisals'>['card']>;
export type AppraisalDetail = PipelineTypes<'appraisals'>['detail'];
export type AppraisalStage = Appraisal['stage'];
export type AppraisalItem = Appraisal['itemType'];
export type Purpose = AppraisalDetail['purpose'];
export type Stone = AppraisalDetail['stones'][number];

export const appraisalItems: readonly AppraisalItem[] = appraisalItemTypes;
export const purposes: readonly Purpose[] = appraisalPurposes;

const words: Record<string, string> = {
  insurance_replacement: 'Insurance replacement',
  probate: 'Probate',
  resale: 'Resale',
};
export const appraisalWord = (w: string): string => words[w] ?? pieceName(w);

/** A stone in a line: "Diamond, round brilliant, 1.02 ct, G VS1 (GIA 2141438167)". */
export function stoneLine(s: Stone): string {
  const grade = [s.colour, s.clarity].filter(Boolean).join(' ');
  const cert = [s.certificateLab, s.certificateNumber].filter(Boolean).join(' ');
  return [s.kind, s.shape, s.carat === null ? null : `${s.carat} ct`, grade || null, s.measurements, cert ? `(${cert})` : null].filter(Boolean).join(', ');
}
