import type { PickedCustomer } from '../../bespoke/form/job-form-values';
import type { ShopFormat } from '../../format/shop-format';
import type { CreateRepairBody, ItemType, RepairDetail, WorkKind } from '../api';

export interface WorkLineValue {
  key: string;
  kind: WorkKind | null;
  description: string;
  price: number | '';
}

/** What the repair form holds while someone types: money in major units, as typed. */
export interface RepairFormValues {
  customer: PickedCustomer | null;
  itemType: ItemType | null;
  title: string;
  description: string;
  workLines: WorkLineValue[];
  conditionNotes: string;
  declaredValue: number | '';
  dueDate: string | null;
  final: number | '';
  rush: boolean;
  deposit: number | '';
  notes: string;
}

let lineCounter = 0;
export const newLine = (): WorkLineValue => ({ key: `line-${Date.now().toString(36)}-${lineCounter++}`, kind: null, description: '', price: '' });

export const emptyRepairForm = (): RepairFormValues => ({
  customer: null,
  itemType: null,
  title: '',
  description: '',
  workLines: [newLine()],
  conditionNotes: '',
  declaredValue: '',
  dueDate: null,
  final: '',
  rush: false,
  deposit: '',
  notes: '',
});

export function formFromRepair(job: RepairDetail, fmt: ShopFormat): RepairFormValues {
  const major = (c: number | null) => (c === null ? '' : fmt.fromCents(c));
  return {
    customer: job.customer,
    itemType: job.itemType,
    title: job.title,
    description: job.description ?? '',
    workLines: job.workLines.map((l) => ({ ...newLine(), kind: l.kind, description: l.description ?? '', price: fmt.fromCents(l.priceCents) })),
    conditionNotes: job.conditionNotes ?? '',
    declaredValue: major(job.declaredValueCents),
    dueDate: job.dueDate,
    final: major(job.finalCents),
    rush: job.rush,
    deposit: '',
    notes: job.notes ?? '',
  };
}

/** The running estimate: the sum of the lines typed so far, in minor units. */
export const estimateCents = (v: RepairFormValues, fmt: ShopFormat): number =>
  v.workLines.reduce((sum, l) => sum + (l.price === '' ? 0 : fmt.toCents(l.price)), 0);

/** The body the API takes; blank optional fields go as null so an edit can clear them. */
export function bodyFromRepairForm(v: RepairFormValues, fmt: ShopFormat): CreateRepairBody {
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
export function localRepairErrors(v: RepairFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.customer) errors.customerId = 'Choose a customer, or add a new one';
  if (!v.itemType) errors.itemType = 'Choose the kind of piece';
  if (v.workLines.length === 0) errors.workLines = 'Add at least one line of work';
  v.workLines.forEach((l, i) => {
    if (!l.kind) errors[`workLines.${i}.kind`] = 'Choose the work';
    if (l.price === '') errors[`workLines.${i}.priceCents`] = 'Enter a price (0 if free)';
  });
  return errors;
}
