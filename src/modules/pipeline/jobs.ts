import type { Database, Tx } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import type { Clock } from '../../domain/clock.js';
import { invalidField, notFound } from '../../domain/errors.js';
import { isArchived, parseStage } from '../../domain/pipeline.js';
import { attachmentsOfJob } from '../attachments/present.js';
import { customerExists } from '../customers/service.js';
import { type BoardAnswer, readBoard } from './board-query.js';
import * as engine from './engine.js';
import { readFirstScreen } from './first-screen-query.js';
import type { JobHooks } from './job-hooks.js';
import { type JobCoreRow, pick, presentComment, presentJob, presentStage } from './present.js';
import { insertJobRow, type JobFilter, type NewJobRow, updateJobRow } from './queries.js';
import { readyOutlook } from './ready-message.js';
import type { MoveBody, PaymentBody, VoidBody } from './schemas.js';
import type { PipelineStore } from './store.js';

export interface ListQuery {
  archived?: 'true' | 'false' | '1' | '0' | undefined;
  /** Any value: the pipeline refuses what is not one of its stage words. */
  stage?: unknown;
  q?: string | undefined;
}

/** What the board is asked: with the archived or not, and the ETags the client already holds. */
export interface BoardQuery {
  archived?: ListQuery['archived'];
  ifNoneMatch?: string | undefined;
}

export type Links = { config: { publicUrl: string } };

/** The columns every new job starts with, whatever its pipeline. */
export type NewJobBase = NewJobRow;

/**
 * What a pipeline adds to the engine: its own columns, read, shaped and written. The use-cases
 * below are the same for every pipeline; only this part differs between bespoke work and repairs.
 */
export interface JobKind<
  Row,
  View extends { id: string; quotedCents: number | null; finalCents: number | null },
  Create extends { customerId: string },
  Patch,
> {
  store: PipelineStore;
  /** "Bespoke job", "Repair": what "not found" names. */
  noun: string;
  select(tx: Tx, shopId: string, filter: JobFilter): Promise<Row[]>;
  /** The job as the API answers it: `presentJob` with the pipeline's own fields. */
  present(row: Row, links: Links): View;
  insert(tx: Tx, base: NewJobBase, input: Create): Promise<{ id: string; reference: string }>;
  update(tx: Tx, shopId: string, id: string, input: Patch, at: Date): Promise<void>;
  /** Refuses a move to a stage the job is not ready for (a quote with no lines to approve); most pipelines have none. */
  beforeEntering?: (tx: Tx, shopId: string, id: string, stage: unknown) => Promise<void>;
}

type Deps = { db: Database; clock: Clock } & Links;
/** A use-case that changes a job: the others act in its transaction through the hooks. */
type ChangeDeps = Deps & { jobHooks: JobHooks };

type KindRow = JobCoreRow & Record<string, unknown>;

/**
 * A pipeline's kind from what it declares: its store, its own fields, its query; inserts and edits
 * default to writing the fields as given, to `jobs` and the details table (a pipeline with more to
 * write passes its own).
 */
export function defineJobKind<Row extends KindRow, F extends keyof Row, Create extends { customerId: string }, Patch extends object>(spec: {
  store: PipelineStore;
  noun: string;
  fields: readonly F[];
  select: (tx: Tx, shopId: string, filter: JobFilter) => Promise<Row[]>;
  insert?: JobKind<Row, JobView<Row, F>, Create, Patch>['insert'];
  update?: JobKind<Row, JobView<Row, F>, Create, Patch>['update'];
  beforeEntering?: JobKind<Row, JobView<Row, F>, Create, Patch>['beforeEntering'];
}): JobKind<Row, JobView<Row, F>, Create, Patch> {
  return {
    ...(spec.beforeEntering ? { beforeEntering: spec.beforeEntering } : {}),
    store: spec.store,
    noun: spec.noun,
    select: spec.select,
    present: (row, links) => presentJob(spec.store.def, row, links.config.publicUrl, pick(row, spec.fields)),
    insert: spec.insert ?? ((tx, base, input) => insertJobRow(tx, spec.store, base, input)),
    update: spec.update ?? ((tx, shopId, id, input, at) => updateJobRow(tx, spec.store, shopId, id, input, at)),
  };
}

type JobView<Row extends KindRow, F extends keyof Row> = ReturnType<typeof presentJob<string, Pick<Row, F>>>;

/** The use-cases of a pipeline's jobs, each one tenant transaction with the access helper first. */
export function jobUseCases<
  Row,
  View extends { id: string; quotedCents: number | null; finalCents: number | null },
  Create extends { customerId: string },
  Patch extends { customerId?: string | undefined },
>(kind: JobKind<Row, View, Create, Patch>) {
  const { store } = kind;
  const def = store.def;

  async function jobIn(tx: Tx, actor: Actor, id: string, links: Links): Promise<View> {
    const [row] = await kind.select(tx, actor.shopId, { id });
    if (!row) throw notFound(kind.noun);
    return kind.present(row, links);
  }

  async function requireCustomer(tx: Tx, actor: Actor, customerId: string) {
    if (!(await customerExists(tx, actor, customerId))) throw invalidField('customerId', 'No such customer in this shop');
  }

  /** Creates a job at the pipeline's first stage inside the caller's tenant transaction (another use-case's, such as converting an enquiry). */
  async function createJobIn(tx: Tx, deps: ChangeDeps, actor: Actor, input: Create): Promise<View> {
    await requireCustomer(tx, actor, input.customerId);
    const at = deps.clock.now();
    const identity = await engine.newJobIdentity(tx, store, actor.shopId);
    const base: NewJobBase = {
      ...identity,
      shopId: actor.shopId,
      stage: def.initial,
      createdBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      stageChangedAt: at,
    };
    const created = await kind.insert(tx, base, input);
    await engine.recordStageEntry(tx, store, actor, created, { stage: def.initial, fromStage: null, at }, deps.jobHooks);
    return jobIn(tx, actor, created.id, deps);
  }

  return {
    jobIn,

    createJob(deps: ChangeDeps, actor: Actor, input: Create) {
      return deps.db.tenant(actor.shopId, (tx) => createJobIn(tx, deps, actor, input));
    },

    createJobIn,

    listJobs(deps: { db: Database } & Links, actor: Actor, query: ListQuery) {
      const archived = query.archived === 'true' || query.archived === '1';
      const stage = query.stage === undefined || query.stage === '' ? undefined : parseStage(def, query.stage);
      return deps.db.tenant(actor.shopId, async (tx) => {
        const rows = await kind.select(tx, actor.shopId, {
          ...(stage ? { stages: [stage] } : {}),
          // Asking for an archived stage by name is asking to see it.
          ...(archived || (stage && isArchived(def, stage)) ? {} : { excludeStages: def.archived }),
          ...(query.q ? { q: query.q } : {}),
        });
        return { items: rows.map((r) => kind.present(r, deps)) };
      });
    },

    /**
     * The board: every card of the pipeline, active ones unless archived ones are asked for too, as
     * JSON text with its ETag; no text when `ifNoneMatch` names the shop's board as it still is.
     */
    boardJobs(deps: { db: Database }, actor: Actor, query: BoardQuery): Promise<BoardAnswer> {
      const archived = query.archived === 'true' || query.archived === '1';
      return deps.db.tenant(actor.shopId, (tx) => readBoard(tx, store, actor.shopId, archived, query.ifNoneMatch));
    },

    /**
     * The board's first screen: each active column's count and money, and its first `per` cards in the
     * kanban's order (what a page draws before it has the whole board), as JSON text with its ETag.
     */
    boardFirstScreen(deps: { db: Database }, actor: Actor, query: { per: number; ifNoneMatch?: string | undefined }): Promise<BoardAnswer> {
      return deps.db.tenant(actor.shopId, (tx) => readFirstScreen(tx, store, actor.shopId, query.per, query.ifNoneMatch));
    },

    getJob(deps: { db: Database } & Links, actor: Actor, id: string) {
      return deps.db.tenant(actor.shopId, async (tx) => {
        const job = await jobIn(tx, actor, id, deps);
        const t = await engine.jobTimeline(tx, job);
        return {
          ...job,
          stages: t.stages.map(presentStage),
          financials: t.financials,
          attachments: await attachmentsOfJob(tx, actor.shopId, id),
          comments: t.comments.map(presentComment),
          payments: t.payments,
          notifications: t.notifications,
          readyOutlook: await readyOutlook(tx, actor.shopId, id),
        };
      });
    },

    updateJob(deps: ChangeDeps, actor: Actor, id: string, input: Patch) {
      return deps.db.tenant(actor.shopId, async (tx) => {
        await engine.loadJob(tx, store, actor, id);
        if (input.customerId) await requireCustomer(tx, actor, input.customerId);
        if (Object.keys(input as object).length > 0) await kind.update(tx, actor.shopId, id, input, deps.clock.now());
        // The event's date and title come from the job: an edit of either is a change for the calendars.
        if ('dueDate' in input || 'title' in input) await deps.jobHooks.jobChanged(tx, { shopId: actor.shopId, jobId: id });
        return jobIn(tx, actor, id, deps);
      });
    },

    moveJob(deps: ChangeDeps, actor: Actor, id: string, input: MoveBody) {
      return deps.db.tenant(actor.shopId, async (tx) => {
        await kind.beforeEntering?.(tx, actor.shopId, id, input.to);
        const { moved, readyMessage } = await engine.moveStage(tx, store, actor, id, input, { at: deps.clock.now(), hooks: deps.jobHooks });
        return { job: await jobIn(tx, actor, id, deps), moved, readyMessage };
      });
    },

    addComment(deps: { db: Database; clock: Clock }, actor: Actor, id: string, body: string) {
      return deps.db.tenant(actor.shopId, async (tx) => presentComment(await engine.addComment(tx, store, actor, id, body, deps.clock.now())));
    },

    recordPayment(deps: { db: Database; clock: Clock }, actor: Actor, id: string, input: PaymentBody) {
      return deps.db.tenant(actor.shopId, (tx) => engine.recordPayment(tx, store, actor, id, input, deps.clock.now()));
    },

    voidPayment(deps: { db: Database; clock: Clock }, actor: Actor, id: string, paymentId: string, input: VoidBody) {
      return deps.db.tenant(actor.shopId, (tx) => engine.voidPayment(tx, store, actor, id, paymentId, input.reason, deps.clock.now()));
    },
  };
}

export type JobUseCases = ReturnType<typeof jobUseCases>;
