import type { Database } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import { priceOf } from '../../domain/money.js';
import { progressOf } from '../../domain/pipeline.js';
import { selectAllJobs } from './queries.js';
import type { AllJobsQuery } from './schemas.js';
import { pipelineStores } from './stores.js';

const paths: Record<string, string> = { bespoke: '/bespoke', repair: '/repairs' };

/** Both kinds of job together, soonest due first: for the hub, the calendar and search. */
export function listAllJobs(deps: { db: Database }, actor: Actor, query: AllJobsQuery) {
  return deps.db.tenant(actor.shopId, async (tx) => {
    const rows = await selectAllJobs(tx, Object.values(pipelineStores), actor.shopId, {
      activeOnly: !(query.archived === 'true' || query.archived === '1'),
      q: query.q,
      dueFrom: query.dueFrom,
      dueTo: query.dueTo,
      customerId: query.customerId,
    });
    return {
      items: rows.map((r) => {
        const def = pipelineStores[r.kind]?.def;
        if (!def) throw new Error(`unknown job kind ${r.kind}`);
        return {
          kind: r.kind as 'bespoke' | 'repair',
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
          path: `${paths[r.kind] ?? '/jobs'}/${r.id}`,
        };
      }),
    };
  });
}
