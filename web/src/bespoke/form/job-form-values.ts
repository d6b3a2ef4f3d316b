import type { CreateJobBody, Job, JobDetail } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';

export interface PickedCustomer {
  id: string;
  name: string;
}

/** What the job form holds while someone types: money in major units, as typed. */
export interface JobFormValues {
  title: string;
  customer: PickedCustomer | null;
  jewelleryType: string;
  description: string;
  dueDate: string | null;
  quoted: number | '';
  final: number | '';
  budget: number | '';
  metal: string;
  stones: string;
  notes: string;
}

export const emptyJobForm: JobFormValues = {
  title: '',
  customer: null,
  jewelleryType: '',
  description: '',
  dueDate: null,
  quoted: '',
  final: '',
  budget: '',
  metal: '',
  stones: '',
  notes: '',
};

export function formFromJob(job: Job | JobDetail, fmt: ShopFormat): JobFormValues {
  const major = (c: number | null) => (c === null ? '' : fmt.fromCents(c));
  return {
    title: job.title,
    customer: job.customer,
    jewelleryType: job.jewelleryType ?? '',
    description: job.description ?? '',
    dueDate: job.dueDate,
    quoted: major(job.quotedCents),
    final: major(job.finalCents),
    budget: major(job.budgetCents),
    metal: job.metal ?? '',
    stones: job.stones ?? '',
    notes: job.notes ?? '',
  };
}

/** The body the API takes; blank optional fields are sent as null so an edit can clear them. */
export function bodyFromForm(v: JobFormValues, fmt: ShopFormat): CreateJobBody {
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

/** Checks the browser can make before asking the server; the server's own field errors show the same way. */
export function localErrors(v: JobFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.customer) errors.customerId = 'Choose a customer, or add a new one';
  return errors;
}
