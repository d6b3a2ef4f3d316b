import type { z } from 'zod';
import type { Tx } from '../../db/client.js';
import type { EnquiryTopic } from '../../db/schema/enquiries.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import type { PipelineDefinition } from '../../domain/pipeline.js';
import type { App } from '../../http/types.js';
import { type CreateDeps, type JobRoutesSpec, jobRoutes } from '../pipeline/routes.js';
import { cardOf, jobDetailOf } from '../pipeline/schemas.js';
import type { PipelineStore } from '../pipeline/store.js';

/** A decision the customer makes from their tracking page, moving the job on from one stage. */
export interface CustomerDecision {
  /** The stage the job waits in for it. */
  stage: string;
  approvedTo: string;
  /** Where a refusal or a change request sends the job. */
  declinedTo: string;
}

/** What a quote the customer answers lists: a line of work each, with its price. */
export interface QuoteLine {
  work: string;
  description: string | null;
  priceCents: number;
}

/** One pipeline as every capability (jobs list, hub, tracking, notifications, files, tests) sees it. */
export interface PipelineEntry {
  kind: string;
  def: PipelineDefinition;
  /** Its details table and how to read it: the engine serves the rest from `jobs`. */
  store: PipelineStore;
  /** Where its jobs live in the API. */
  apiPath: string;
  /** Where the staff app shows one of its jobs: `${staffPath}/${id}`. */
  staffPath: string;
  /** "bespoke job", "repair": used in summaries and messages. */
  noun: string;
  schemas: { create: z.ZodType; patch: z.ZodType; job: z.ZodObject; detail: z.ZodObject };
  /** Customers approve the design (renders) from their tracking page. */
  designReview?: CustomerDecision;
  /** Customers approve or decline the quote from their tracking page, which lists its lines. */
  quoteDecision?: CustomerDecision & { lines(tx: Tx, shopId: string, jobId: string): Promise<QuoteLine[]> };
  /**
   * Creates a job at the pipeline's first stage inside the caller's tenant transaction, from a body the
   * pipeline's create schema accepts (validated here: a bad body is a 422 with field errors).
   */
  createIn: (tx: Tx, deps: CreateDeps, actor: Actor, body: unknown) => Promise<{ id: string; reference: string }>;
  /** Taking a job from a web enquiry, before anyone has seen the piece. */
  enquiry: {
    /** The enquiry topics that ask for this pipeline: the staff app offers it first for them. */
    topics: readonly EnquiryTopic[];
    /** As `createIn`, from a body that may lack what only the piece can tell: the pipeline fills in its own "not known yet". */
    createIn: (tx: Tx, deps: CreateDeps, actor: Actor, body: unknown) => Promise<{ id: string; reference: string }>;
  };
  /** The pipeline's own routes: create, list, detail, edit, move, comment, pay. */
  registerRoutes(app: App, deps: AppDeps): void;
}

export function definePipeline<C extends z.ZodType, P extends z.ZodType, J extends z.ZodObject>(
  spec: Pick<PipelineEntry, 'store' | 'staffPath' | 'designReview' | 'quoteDecision'> & {
    routes: JobRoutesSpec<C, P, J>;
    /** Routes of the pipeline's own beside those every pipeline has (an appraisal's report). */
    moreRoutes?: (app: App, deps: AppDeps) => void;
    enquiry: {
      topics: readonly EnquiryTopic[];
      /** The create schema for a job from an enquiry, when that may say less than the counter's form must. */
      create?: z.ZodType<z.output<C>>;
    };
  },
): PipelineEntry {
  const { routes, store } = spec;
  const detail = jobDetailOf(routes.job);
  const card = cardOf(routes.job, Object.keys(store.cardColumns));
  return {
    kind: store.def.kind,
    def: store.def,
    store,
    apiPath: routes.path,
    staffPath: spec.staffPath,
    noun: routes.noun,
    schemas: { create: routes.create, patch: routes.patch, job: routes.job, detail },
    ...(spec.designReview ? { designReview: spec.designReview } : {}),
    ...(spec.quoteDecision ? { quoteDecision: spec.quoteDecision } : {}),
    createIn: (tx, deps, actor, body) => routes.useCases.createJobIn(tx, deps, actor, parseBody(routes.create, body)),
    enquiry: {
      topics: spec.enquiry.topics,
      createIn: (tx, deps, actor, body) => routes.useCases.createJobIn(tx, deps, actor, parseBody(spec.enquiry.create ?? routes.create, body)),
    },
    registerRoutes: (app, deps) => {
      jobRoutes(app, deps, routes, detail, card);
      spec.moreRoutes?.(app, deps);
    },
  };
}

/** A body for another module's create, validated by the pipeline's own schema; its issues answer as field errors. */
function parseBody<C extends z.ZodType>(schema: C, body: unknown): z.output<C> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new DomainError('validation_failed', 'Validation failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}
