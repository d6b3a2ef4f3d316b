import type { PipelineHistoryTable, PipelineJobCore } from '../../db/schema/pipeline.js';
import type { PipelineDefinition } from '../../domain/pipeline.js';

/** Where one pipeline keeps its jobs: everything the engine needs to serve it. */
export interface PipelineStore<S extends string = string> {
  def: PipelineDefinition<S>;
  jobs: PipelineJobCore;
  history: PipelineHistoryTable;
  /** The column of `payments` and `comments` that points at this pipeline's jobs. */
  jobKey: 'bespokeJobId' | 'repairJobId';
}
