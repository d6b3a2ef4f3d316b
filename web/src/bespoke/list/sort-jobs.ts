import type { Job } from '../../api/types';
import { allStages } from '../stages';

export const sortKeys = ['reference', 'title', 'customer', 'stage', 'dueDate', 'quotedCents', 'depositCents', 'balanceOwingCents'] as const;
export type SortKey = (typeof sortKeys)[number];
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const value = (j: Job, key: SortKey): string | number | null => {
  switch (key) {
    case 'customer':
      return j.customer.name.toLowerCase();
    case 'stage':
      return allStages.indexOf(j.stage);
    case 'title':
      return j.title.toLowerCase();
    case 'reference':
      return Number(j.reference.replace(/\D/g, '')) || j.reference;
    default:
      return j[key];
  }
};

/** Sorts a copy; empty values (no due date, no quote) always go last. */
export function sortJobs(jobs: Job[], { key, dir }: Sort): Job[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...jobs].sort((a, b) => {
    const x = value(a, key);
    const y = value(b, key);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}
