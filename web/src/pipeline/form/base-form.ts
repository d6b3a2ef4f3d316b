import type { ShopFormat } from '../../format/shop-format';
import type { BaseForm, PipelineDetail } from '../types';

/** Money as the form holds it: major units, blank for none. */
export const major = (fmt: ShopFormat, cents: number | null): number | '' => (cents === null ? '' : fmt.fromCents(cents));

export const emptyBase = (): BaseForm => ({ customer: null, title: '', description: '', dueDate: null, final: '', notes: '' });

/** The fields every pipeline's form holds, from the job as stored. */
export const baseFromJob = (job: PipelineDetail<string>, fmt: ShopFormat): BaseForm => ({
  customer: job.customer,
  title: job.title,
  description: job.description ?? '',
  dueDate: job.dueDate,
  final: major(fmt, job.finalCents),
  notes: job.notes ?? '',
});
