import type { Job } from './types';

interface EarlyBoard {
  archived: boolean;
  answer: Promise<{ items: Job[] } | null>;
}

declare global {
  interface Window {
    /** Started by an inline script in index.html before the app's JavaScript loads. */
    __loupeEarlyBoard?: EarlyBoard;
  }
}

/** The job list index.html already asked for, taken once; null when there is none (or it failed). */
export async function takeEarlyBoard(archived: boolean): Promise<Job[] | null> {
  const early = window.__loupeEarlyBoard;
  if (!early || early.archived !== archived) return null;
  window.__loupeEarlyBoard = undefined;
  const answer = await early.answer;
  return answer?.items ?? null;
}
