import type { PipelineJob } from '../types';

export const sortKeys = ['reference', 'title', 'customer', 'stage', 'dueDate', 'quotedCents', 'depositCents', 'balanceOwingCents'] as const;
export type SortKey = (typeof sortKeys)[number];
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const value = <S extends string>(j: PipelineJob<S>, key: SortKey, stages: readonly S[]): string | number | null => {
  switch (key) {
    case 'customer':
      return j.customer.name.toLowerCase();
    case 'stage':
      return stages.indexOf(j.stage);
    case 'title':
      return j.title.toLowerCase();
    case 'reference':
      return Number(j.reference.replace(/\D/g, '')) || j.reference;
    default:
      return j[key];
  }
};

/** Sorts a copy; empty values (no due date, no quote) always go last. */
export function sortJobs<S extends string, J extends PipelineJob<S>>(jobs: J[], { key, dir }: Sort, stages: readonly S[]): J[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...jobs].sort((a, b) => {
    const x = value(a, key, stages);
    const y = value(b, key, stages);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}
