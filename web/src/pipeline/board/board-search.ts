import type { PipelineJob } from '../types';

export interface BoardSearch {
  q?: string;
  archived?: boolean;
}

export function parseBoardSearch(s: Record<string, unknown>): BoardSearch {
  const out: BoardSearch = {};
  if (typeof s.q === 'string' && s.q.trim()) out.q = s.q.slice(0, 200);
  if (s.archived === true || s.archived === 'true') out.archived = true;
  return out;
}

/** Search by reference, customer or title: every word must appear in one of them. */
export function matchJobs<J extends PipelineJob<string>>(jobs: J[], q: string | undefined): J[] {
  const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return jobs;
  return jobs.filter((j) => {
    const hay = `${j.reference} ${j.customer.name} ${j.title}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
