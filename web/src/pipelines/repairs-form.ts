import { isProblem } from '../api/problem';
import { uploadAttachments } from '../attachments/upload';
import type { ShopFormat } from '../format/shop-format';
import { type PipelineTypes, pipelineApi } from '../pipeline/api';
import { baseFromJob, emptyBase, major } from '../pipeline/form/base-form';
import type { BaseForm } from '../pipeline/types';
import type { ItemType, Repair, RepairDetail, WorkKind } from './repairs/words';

type CreateRepairBody = PipelineTypes<'repairs'>['create'];

export const repairsApi = pipelineApi('repairs');

export interface WorkLineValue {
  key: string;
  kind: WorkKind | null;
  description: string;
  price: number | '';
}

/** What the repair form holds while someone types: money in major units, as typed. */
export interface RepairForm extends BaseForm {
  itemType: ItemType | null;
  workLines: WorkLineValue[];
  conditionNotes: string;
  declaredValue: number | '';
  rush: boolean;
  deposit: number | '';
  /** How the deposit was paid: asked, never assumed. */
  depositMethod: string | null;
}

let lineCounter = 0;
export const newLine = (): WorkLineValue => ({ key: `line-${Date.now().toString(36)}-${lineCounter++}`, kind: null, description: '', price: '' });

export const emptyRepairForm = (): RepairForm => ({
  ...emptyBase(),
  itemType: null,
  workLines: [newLine()],
  conditionNotes: '',
  declaredValue: '',
  rush: false,
  deposit: '',
  depositMethod: null,
});

export function formFromRepair(job: RepairDetail, fmt: ShopFormat): RepairForm {
  return {
    ...baseFromJob(job, fmt),
    itemType: job.itemType,
    workLines: job.workLines.map((l) => ({ ...newLine(), kind: l.kind, description: l.description ?? '', price: fmt.fromCents(l.priceCents) })),
    conditionNotes: job.conditionNotes ?? '',
    declaredValue: major(fmt, job.declaredValueCents),
    rush: job.rush,
    deposit: '',
    depositMethod: null,
    notes: job.notes ?? '',
  };
}

/** The running estimate: the sum of the lines typed so far, in minor units. */
export const estimateCents = (v: RepairForm, fmt: ShopFormat): number => v.workLines.reduce((sum, l) => sum + (l.price === '' ? 0 : fmt.toCents(l.price)), 0);

/** The body the API takes; blank optional fields go as null so an edit can clear them. */
export function bodyFromRepairForm(v: RepairForm, fmt: ShopFormat): CreateRepairBody {
  const cents = (n: number | '') => (n === '' ? null : fmt.toCents(n));
  const text = (s: string) => (s.trim() ? s.trim() : null);
  const body: CreateRepairBody = {
    customerId: v.customer?.id ?? '',
    itemType: v.itemType ?? 'other',
    description: text(v.description),
    workLines: v.workLines.map((l) => ({ kind: l.kind ?? 'other', description: text(l.description), priceCents: l.price === '' ? 0 : fmt.toCents(l.price) })),
    conditionNotes: text(v.conditionNotes),
    declaredValueCents: cents(v.declaredValue),
    dueDate: v.dueDate || null,
    finalCents: cents(v.final),
    rush: v.rush,
    notes: text(v.notes),
  };
  if (v.title.trim()) body.title = v.title.trim();
  return body;
}

/** Checks the browser can make before asking the server; keys are the API's field paths. */
export function localRepairErrors(v: RepairForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.customer) errors.customerId = 'Choose a customer, or add a new one';
  if (!v.itemType) errors.itemType = 'Choose the kind of piece';
  if (v.workLines.length === 0) errors.workLines = 'Add at least one line of work';
  v.workLines.forEach((l, i) => {
    if (!l.kind) errors[`workLines.${i}.kind`] = 'Choose the work';
    if (l.price === '') errors[`workLines.${i}.priceCents`] = 'Enter a price (0 if free)';
  });
  if (v.deposit !== '' && v.deposit > 0 && !v.depositMethod) errors.depositMethod = 'How was the deposit paid?';
  return errors;
}

/** A field error `localRepairErrors` makes. */
export const checkedHere = (k: string) =>
  k === 'customerId' || k === 'itemType' || k === 'workLines' || k === 'depositMethod' || /^workLines\.\d+\.(kind|priceCents)$/.test(k);

/** At the counter, once the repair is made: the deposit taken and the photos of the piece as it came in. */
export async function afterIntake(job: Repair, v: RepairForm, key: string, photos: File[], fmt: ShopFormat): Promise<string[]> {
  const afterwards: string[] = [];
  if (v.deposit !== '' && v.deposit > 0) {
    await repairsApi
      .pay(job.id, { kind: 'deposit', amountCents: fmt.toCents(v.deposit), method: v.depositMethod, note: 'Taken at intake' }, `${key}:deposit`)
      .catch((e: unknown) => afterwards.push(`The deposit was not recorded: ${isProblem(e) ? e.detail : 'try again from the repair page'}.`));
  }
  if (photos.length > 0) {
    await uploadAttachments('repairs', job.id, photos, { stage: 'intake' }).catch((e: unknown) =>
      afterwards.push(`The photos were not saved: ${isProblem(e) ? e.detail : 'add them from the repair page'}.`),
    );
  }
  return afterwards;
}
