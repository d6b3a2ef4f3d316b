import type { PipelineDefinition } from './pipeline.js';

/** How history rows and design reviews name a customer acting through their link. */
export const LINK_HOLDER_LABEL = 'Customer (via tracking link)';

export type Verifier = 'surname' | 'postcode';

/** Case, accents, spaces and punctuation do not matter: "O'Brien" = "obrien", "SW1A 1AA" = "sw1a1aa". */
export function normaliseWord(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The customer's surname: the last word of their name as the shop wrote it. */
export function surnameOf(name: string): string {
  const words = name.trim().split(/\s+/);
  return words[words.length - 1] ?? '';
}

/** Whether what the customer typed proves they are the job's customer, by the shop's chosen verifier. */
export function verifierMatches(verifier: Verifier, customer: { name: string; postcode: string | null }, given: string): boolean {
  const typed = normaliseWord(given);
  if (typed.length === 0) return false;
  if (verifier === 'postcode') return customer.postcode !== null && normaliseWord(customer.postcode) === typed;
  // The full surname, or the whole name for customers written with one word.
  const surname = normaliseWord(surnameOf(customer.name));
  return surname.length > 0 && (typed === surname || typed === normaliseWord(customer.name));
}

/** A reference as people type it: "b 42", "b-0042" and "B-0042" are the same. */
export function normaliseReference(input: string, pad = 4): string {
  const m = /^\s*([a-z]+)[\s-]*0*(\d+)\s*$/i.exec(input);
  if (!m?.[1] || !m[2]) return input.trim().toUpperCase();
  return `${m[1].toUpperCase()}-${m[2].padStart(pad, '0')}`;
}

export type StepState = 'done' | 'current' | 'upcoming';

export interface Step<S extends string = string> {
  stage: S;
  label: string;
  state: StepState;
}

/**
 * The customer's stepper: the main line in the customer-facing words, the job's place on it. A job on
 * hold shows where it stopped; a cancelled job has no current step. A stage the job went past without
 * entering (`entered`: the stages its history holds) is left out, as its history leaves it out: the
 * customer is not told that stones were sourced for a band that never needed any.
 */
export function stepsOf<S extends string>(p: PipelineDefinition<S>, stage: S, heldFrom: S | null, entered: ReadonlySet<S>): Step<S>[] {
  const at = stage === p.hold && heldFrom ? heldFrom : stage;
  const index = p.stages.indexOf(at);
  const last = p.stages.length - 1;
  return p.stages.flatMap((s, i) => {
    const state: StepState = index < 0 || i > index ? 'upcoming' : i === index && i !== last ? 'current' : 'done';
    if (state === 'done' && i !== index && !entered.has(s)) return [];
    return [{ stage: s, label: p.customerLabels[s], state }];
  });
}

/** Names one version of the renders: the same files, in any order, are the same version. */
export function rendersKey(attachmentIds: readonly string[]): string {
  return [...new Set(attachmentIds)].sort().join(',');
}

/** The stages whose customer-visible files are the design the customer is asked to approve. */
export const renderStages = ['cad', 'approval'] as const;
