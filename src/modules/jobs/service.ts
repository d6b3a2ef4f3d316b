import type { Database } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import { priceOf } from '../../domain/money.js';
import { progressOf } from '../../domain/pipeline.js';
import type { JobKind } from '../../domain/pipelines.js';
import { selectAllJobs } from './queries.js';
import { pipelineOf } from './registry.js';
import type { AllJobsQuery } from './schemas.js';

/** Every pipeline's jobs together, soonest due first: for the hub, the calendar and search. */
export function listAllJobs(deps: { db: Database }, actor: Actor, query: AllJobsQuery) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const rows = await selectAllJobs(tx, actor.shopId, {
      activeOnly: !(query.archived === 'true' || query.archived === '1'),
      q: query.q,
      dueFrom: query.dueFrom,
      dueTo: query.dueTo,
      customerId: query.customerId,
    });
    return {
      items: rows.map((r) => {
        const pipeline = pipelineOf(r.kind);
        if (!pipeline) throw new Error(`unknown job kind ${r.kind}`);
        const { def } = pipeline;
        return {
          kind: r.kind as JobKind,
          id: r.id,
          reference: r.reference,
          title: r.title,
          stage: r.stage,
          stageLabel: def.labels[r.stage] ?? r.stage,
          progress: progressOf(def, r.stage, r.heldFromStage),
          customer: { id: r.customerId, name: r.customerName },
          dueDate: r.dueDate,
          priceCents: priceOf(r.quotedCents, r.finalCents),
          createdAt: r.createdAt,
          stageChangedAt: r.stageChangedAt,
          path: `${pipeline.staffPath}/${r.id}`,
        };
      }),
    };
  });
}
