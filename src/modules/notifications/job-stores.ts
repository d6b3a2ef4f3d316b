import { bespokeStore } from '../bespoke/store.js';
import type { PipelineStore } from '../pipeline/store.js';

/** Every pipeline whose jobs can message their customers, by kind. */
export const jobStores: Record<string, PipelineStore> = { bespoke: bespokeStore };
