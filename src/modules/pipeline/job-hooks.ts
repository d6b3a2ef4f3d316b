import type { Tx } from '../../db/client.js';
import type { PipelineStore } from './store.js';

/** A job entering a stage: by a move, on creation, or a decision written at the stage it is in. */
export interface StageEntered {
  store: PipelineStore;
  shopId: string;
  job: { id: string; reference: string };
  stage: string;
  /** The member of staff who moved it; null for a customer or the system. */
  by: string | null;
  at: Date;
}

/**
 * What other capabilities do in the job's own transaction when a job changes: a passport's history
 * gains its event, the shop's calendars are queued an update. The engine calls these without knowing
 * who listens; the application composes them (src/job-hooks.ts), so the pipeline module imports no
 * capability built on top of it.
 */
export interface JobHooks {
  stageEntered(tx: Tx, entered: StageEntered): Promise<void>;
  /** The job's due date or title changed: what calendars show of it. */
  jobChanged(tx: Tx, changed: { shopId: string; jobId: string }): Promise<void>;
}
