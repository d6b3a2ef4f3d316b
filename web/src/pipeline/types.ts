import type { Icon } from '@tabler/icons-react';
import type { ComponentType, ReactNode } from 'react';
import type { Financials } from '../../../src/domain/money';
import type { Comment, MessageThreadList, Payment, StageEntry } from '../api/types';
import type { Attachment } from '../attachments/upload';
import type { ShopFormat } from '../format/shop-format';
import type { LinkedItem } from '../memos/memos-api';
import type { Delivery } from '../notifications/DeliveryLog';
import type { PipelineBase } from './api';
import type { PipelineVocab } from './vocab';
import type { WireCard } from './wire-card';

/**
 * What every pipeline's job carries on the board: the kanban, the list and the summary read only
 * these. The board's cards are read into it (`fromCards`); a whole job has all of it too.
 */
export interface PipelineJob<S extends string> {
  id: string;
  reference: string;
  title: string;
  stage: S;
  stageLabel: string;
  progress: number;
  heldFromStage: S | null;
  dueDate: string | null;
  quotedCents: number | null;
  finalCents: number | null;
  depositCents: number;
  paidCents: number;
  balanceOwingCents: number;
  customer: { name: string };
  thumbnailUrl: string | null;
}

/** What a move onto the ready stage did about telling the customer (the server's `readyMessage`). */
export type ReadyNotice =
  | { status: 'scheduled'; sendAt: string | null; delayMinutes: number | null; reason: string | null }
  | { status: 'not_sent'; sendAt: string | null; delayMinutes: number | null; reason: string | null };

/** A move's answer: whether it landed, the job as it is now, and the ready message it queued. */
export interface MoveAnswer<J> {
  moved: boolean;
  job: J;
  readyMessage?: ReadyNotice | null;
}

/** What every pipeline's job page shows: history, money, photos, messages, comments. */
export interface PipelineDetail<S extends string> extends PipelineJob<S> {
  customer: { id: string; name: string };
  description: string | null;
  notes: string | null;
  stages: StageEntry[];
  comments: Comment[];
  payments: Payment[];
  financials: Financials;
  attachments: Attachment[];
  notifications: Delivery[];
  tracking: { url: string };
  /** What a move to ready would do now: the move form warns when the customer cannot be told. */
  readyOutlook: { willSend: boolean; delayMinutes?: number; reason?: string };
}

export interface PickedCustomer {
  id: string;
  name: string;
}

/** The fields every pipeline's form holds; money in major units, as typed. */
export interface BaseForm {
  customer: PickedCustomer | null;
  title: string;
  description: string;
  dueDate: string | null;
  final: number | '';
  notes: string;
}

export interface FieldsProps<F> {
  value: F;
  set: <K extends keyof F>(key: K, v: F[K]) => void;
  errors: Record<string, string>;
  fmt: ShopFormat;
  /** Taking a job in at the counter: the photos of the piece as it came in. */
  intake?: { photos: File[]; onPhotos: (files: File[]) => void };
}

/** The calls the screens make, each one request; `pipelineApi(base)` answers them for a pipeline of the API. */
export interface JobApi<S extends string, J, D, C> {
  board(archived: boolean): Promise<WireCard<S>[]>;
  one(id: string): Promise<D>;
  create(body: C, key: string): Promise<J>;
  patch(id: string, body: C): Promise<J>;
  move(id: string, body: { to: S; from: S; note: string | null }): Promise<MoveAnswer<J>>;
  comment(id: string, body: string, key: string): Promise<Comment>;
  pay(
    id: string,
    body: { kind: Payment['kind']; amountCents: number; method: string | null; note: string | null },
    key: string,
  ): Promise<Payment & { financials: Financials }>;
  voidPayment(id: string, paymentId: string, reason: string, key: string): Promise<Payment & { financials: Financials }>;
  resend(id: string, key: string): Promise<unknown>;
  thread(id: string): { list: () => Promise<MessageThreadList>; markRead: () => Promise<unknown>; reply: (body: string, key: string) => Promise<unknown> };
  memoItems(id: string): {
    list: () => Promise<{ items: LinkedItem[] }>;
    link: (itemId: string) => Promise<{ items: LinkedItem[] }>;
    unlink: (itemId: string) => Promise<{ items: LinkedItem[] }>;
  };
}

/** The words a pipeline's screens use for it. */
export interface PipelineWords {
  /** The board's heading and the detail page's way back: "Bespoke jobs", "Repairs". */
  title: string;
  /** In the main navigation, an intake tab, the hub's kind column: "Bespoke", "Repair". */
  kind: string;
  nav: string;
  one: string;
  many: string;
  /** The hub's count: "3 bespoke", "1 repair". */
  count: (n: number) => string;
  newTitle: string;
  create: string;
  /** After the reference once made: "created", "booked in". */
  created: string;
  takeIn: string;
  takenIn: string;
  /** The price given before the work: "Quoted", "Estimate". */
  quoted: string;
  /** The quote and the deposit on a card, where room is short: "Est.", "Dep.". */
  cardMoney: [string, string];
  commentsHint: string;
  /** The rework note's question on the board, and an example answer. */
  reworkLabel: string;
  reworkPlaceholder: string;
}

/** What every screen of a pipeline knows of it: its paths, its server name, its stages and its words. */
export interface PipelineCore<S extends string> {
  /** Its path in the staff app and in the API: `/bespoke`, `/api/v1/bespoke`. */
  base: PipelineBase;
  /** The server's name for its jobs (live events, the hub's list); its queries are kept under it. */
  kind: string;
  icon: Icon;
  vocab: PipelineVocab<S>;
  words: PipelineWords;
}

export interface CardConfig<J> {
  /** Marks beside the reference (a rush). */
  flags?: (job: J) => ReactNode;
  /** The line under the title: the customer, and what else the bench should see. */
  subline: (job: J) => string;
  /** Jobs that go to the top of their column, before the soonest due. */
  urgent?: (job: J) => boolean;
}

/** What the board needs: its jobs, a move, and how a card reads. */
export interface BoardPipeline<S extends string, J extends PipelineJob<S>> extends PipelineCore<S> {
  api: Pick<JobApi<S, J, unknown, never>, 'board' | 'move'>;
  card: CardConfig<J>;
}

/** What the job page needs besides the board's: the pipeline's own facts and panels, and every call. */
export interface DetailPipeline<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>> extends BoardPipeline<S, J> {
  api: JobApi<S, J, D, never>;
  detail: {
    facts: (job: D, fmt: ShopFormat) => [string, string | null][];
    /** Beside the description: what the pipeline records about the piece. */
    notes?: (job: D) => ReactNode;
    Main?: ComponentType<{ job: D; fmt: ShopFormat }>;
    Side?: ComponentType<{ job: D; fmt: ShopFormat }>;
  };
}

/** A pipeline in full: its board, its job page, and its form with its own fields. */
export interface PipelineConfig<S extends string, J extends PipelineJob<S>, D extends J & PipelineDetail<S>, F extends BaseForm, C>
  extends DetailPipeline<S, J, D> {
  api: JobApi<S, J, D, C>;
  form: {
    empty: () => F;
    fromJob: (job: D, fmt: ShopFormat) => F;
    toBody: (v: F, fmt: ShopFormat) => C;
    /** Checks the browser can make before asking the server; keys are the API's field paths. */
    localErrors: (v: F) => Record<string, string>;
    /** Whether a field error is one `localErrors` makes (so it clears once the field is put right). */
    checksHere: (key: string) => boolean;
    /** The title's rules and hints, and what the description should say. */
    title: { required: boolean; placeholder: string; description?: string; describe: string };
    /** Its own fields: beside the customer and title, in a section of their own, and beside the final price. */
    Main: ComponentType<FieldsProps<F>>;
    Section?: ComponentType<FieldsProps<F>>;
    More: ComponentType<FieldsProps<F>>;
    /** After a create: what else the counter took (a deposit, photos); answers what failed, the job itself being saved. */
    afterCreate?: (job: J, v: F, key: string, photos: File[], fmt: ShopFormat) => Promise<string[]>;
  };
}
