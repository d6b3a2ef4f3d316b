import { priceOf } from '../../../src/domain/money';
import type { PipelineJob } from './types';
import type { PipelineVocab } from './vocab';
import type { WireCard } from './wire-card';

const shared: ReadonlySet<string> = new Set<keyof WireCard<string>>([
  'id',
  'ref',
  'title',
  'stage',
  'held',
  'customer',
  'due',
  'quoted',
  'final',
  'deposit',
  'paid',
  'photo',
]);

/** A pipeline's card as the screens read it: the job's own field names, and its own fields as sent. */
export type BoardJob<C extends WireCard<string>> = PipelineJob<C['stage']> & Omit<C, keyof WireCard<string>>;

export const thumbnailUrl = (photo: string) => `/api/v1/attachments/${encodeURIComponent(photo)}/file?variant=thumb`;

/**
 * The board's cards in the job's own words, with what follows from the stage (its label, progress)
 * and from the sums (the balance owing), in the order the server sent them (newest first).
 */
export function fromCards<S extends string, J extends PipelineJob<S>>(
  vocab: Pick<PipelineVocab<S>, 'label' | 'progressOf'>,
  cards: readonly WireCard<S>[],
): J[] {
  const jobs: J[] = new Array(cards.length);
  for (let i = 0; i < cards.length; i++) {
    const c = cards[i] as WireCard<S> & Record<string, unknown>;
    const held = c.held ?? null;
    const paid = c.paid ?? 0;
    const quoted = c.quoted ?? null;
    const final = c.final ?? null;
    const job: PipelineJob<S> & Record<string, unknown> = {
      id: c.id,
      reference: c.ref,
      title: c.title,
      stage: c.stage,
      stageLabel: vocab.label(c.stage),
      heldFromStage: held,
      progress: vocab.progressOf(c.stage, held),
      customer: { name: c.customer },
      dueDate: c.due ?? null,
      quotedCents: quoted,
      finalCents: final,
      depositCents: c.deposit ?? 0,
      paidCents: paid,
      balanceOwingCents: priceOf(quoted, final) - paid,
      thumbnailUrl: c.photo ? thumbnailUrl(c.photo) : null,
    };
    for (const key in c) if (!shared.has(key)) job[key] = c[key];
    jobs[i] = job as J;
  }
  return jobs;
}
