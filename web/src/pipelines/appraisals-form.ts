import type { ShopFormat } from '../format/shop-format';
import { type PipelineTypes, pipelineApi } from '../pipeline/api';
import { baseFromJob, emptyBase, major } from '../pipeline/form/base-form';
import type { BaseForm } from '../pipeline/types';
import type { AppraisalDetail, AppraisalItem, Purpose } from './appraisals/words';

type CreateBody = PipelineTypes<'appraisals'>['create'];

export const appraisalsApi = pipelineApi('appraisals');

export interface StoneValue {
  key: string;
  kind: string;
  shape: string;
  carat: number | '';
  colour: string;
  clarity: string;
  measurements: string;
  certificateLab: string;
  certificateNumber: string;
}

/** What the appraisal form holds while someone types: money in major units, as typed. */
export interface AppraisalForm extends BaseForm {
  itemType: AppraisalItem | null;
  purpose: Purpose;
  metal: string;
  hallmarks: string;
  weight: number | '';
  stones: StoneValue[];
  fee: number | '';
  replacementValue: number | '';
  valuer: string;
  valuationDate: string | null;
}

let stoneCounter = 0;
export const newStone = (): StoneValue => ({
  key: `stone-${Date.now().toString(36)}-${stoneCounter++}`,
  kind: '',
  shape: '',
  carat: '',
  colour: '',
  clarity: '',
  measurements: '',
  certificateLab: '',
  certificateNumber: '',
});

export const emptyAppraisalForm = (): AppraisalForm => ({
  ...emptyBase(),
  itemType: null,
  purpose: 'insurance_replacement',
  metal: '',
  hallmarks: '',
  weight: '',
  stones: [],
  fee: '',
  replacementValue: '',
  valuer: '',
  valuationDate: null,
});

export function formFromAppraisal(job: AppraisalDetail, fmt: ShopFormat): AppraisalForm {
  const t = (s: string | null) => s ?? '';
  return {
    ...baseFromJob(job, fmt),
    itemType: job.itemType,
    purpose: job.purpose,
    metal: t(job.metal),
    hallmarks: t(job.hallmarks),
    weight: job.weightGrams ?? '',
    stones: job.stones.map((s) => ({
      ...newStone(),
      kind: s.kind,
      shape: t(s.shape),
      carat: s.carat ?? '',
      colour: t(s.colour),
      clarity: t(s.clarity),
      measurements: t(s.measurements),
      certificateLab: t(s.certificateLab),
      certificateNumber: t(s.certificateNumber),
    })),
    fee: major(fmt, job.quotedCents),
    replacementValue: major(fmt, job.replacementValueCents),
    valuer: t(job.valuer),
    valuationDate: job.valuationDate,
  };
}

/** The body the API takes; blank optional fields go as null so an edit can clear them. */
export function bodyFromAppraisalForm(v: AppraisalForm, fmt: ShopFormat): CreateBody {
  const cents = (n: number | '') => (n === '' ? null : fmt.toCents(n));
  const text = (s: string) => (s.trim() ? s.trim() : null);
  const body: CreateBody = {
    customerId: v.customer?.id ?? '',
    itemType: v.itemType ?? 'other',
    description: v.description.trim(),
    purpose: v.purpose,
    metal: text(v.metal),
    hallmarks: text(v.hallmarks),
    weightGrams: v.weight === '' ? null : v.weight,
    stones: v.stones.map((s) => ({
      kind: s.kind.trim(),
      shape: text(s.shape),
      carat: s.carat === '' ? null : s.carat,
      colour: text(s.colour),
      clarity: text(s.clarity),
      measurements: text(s.measurements),
      certificateLab: text(s.certificateLab),
      certificateNumber: text(s.certificateNumber),
    })),
    quotedCents: cents(v.fee),
    finalCents: cents(v.final),
    replacementValueCents: cents(v.replacementValue),
    valuer: text(v.valuer),
    valuationDate: v.valuationDate || null,
    dueDate: v.dueDate || null,
    notes: text(v.notes),
  };
  if (v.title.trim()) body.title = v.title.trim();
  return body;
}

/** Checks the browser can make before asking the server; keys are the API's field paths. */
export function localAppraisalErrors(v: AppraisalForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.customer) errors.customerId = 'Choose a customer, or add a new one';
  if (!v.itemType) errors.itemType = 'Choose the kind of piece';
  if (!v.description.trim()) errors.description = 'Describe the piece as it will read on the report';
  v.stones.forEach((s, i) => {
    if (!s.kind.trim()) errors[`stones.${i}.kind`] = 'Name the stone';
  });
  return errors;
}

export const appraisalChecksHere = (k: string) => k === 'customerId' || k === 'itemType' || k === 'description' || /^stones\.\d+\.kind$/.test(k);
