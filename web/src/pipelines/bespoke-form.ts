import type { CreateJobBody, JobDetail } from '../api/types';
import type { ShopFormat } from '../format/shop-format';
import { baseFromJob, emptyBase, major } from '../pipeline/form/base-form';
import type { BaseForm } from '../pipeline/types';

/** What the bespoke form holds while someone types: money in major units, as typed. */
export interface BespokeForm extends BaseForm {
  jewelleryType: string;
  quoted: number | '';
  budget: number | '';
  metal: string;
  stones: string;
}

export const emptyBespokeForm = (): BespokeForm => ({ ...emptyBase(), jewelleryType: '', quoted: '', budget: '', metal: '', stones: '' });

export function formFromJob(job: JobDetail, fmt: ShopFormat): BespokeForm {
  return {
    ...baseFromJob(job, fmt),
    jewelleryType: job.jewelleryType ?? '',
    quoted: major(fmt, job.quotedCents),
    budget: major(fmt, job.budgetCents),
    metal: job.metal ?? '',
    stones: job.stones ?? '',
  };
}

/** The body the API takes; blank optional fields are sent as null so an edit can clear them. */
export function bodyFromForm(v: BespokeForm, fmt: ShopFormat): CreateJobBody {
  const cents = (n: number | '') => (n === '' ? null : fmt.toCents(n));
  const text = (s: string) => (s.trim() ? s.trim() : null);
  return {
    title: v.title,
    customerId: v.customer?.id ?? '',
    jewelleryType: text(v.jewelleryType),
    description: text(v.description),
    dueDate: v.dueDate || null,
    quotedCents: cents(v.quoted),
    finalCents: cents(v.final),
    budgetCents: cents(v.budget),
    metal: text(v.metal),
    stones: text(v.stones),
    notes: text(v.notes),
  };
}

/** A missing customer or a blank title stops the save here, both at once, and each clears as soon as it is put right. */
export function localErrors(v: BespokeForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.customer) errors.customerId = 'Choose a customer, or add a new one';
  if (!v.title.trim()) errors.title = 'Required';
  return errors;
}
