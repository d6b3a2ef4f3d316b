import { bespokeStore } from '../bespoke/store.js';
import type { PipelineStore } from '../pipeline/store.js';
import { repairStore } from '../repairs/store.js';

/** Every pipeline, by kind: what reads across them (hub, calendar, search, the sender) starts here. */
export const pipelineStores: Readonly<Record<string, PipelineStore>> = { bespoke: bespokeStore, repair: repairStore };
