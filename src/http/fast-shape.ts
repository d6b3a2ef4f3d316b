import type * as core from 'zod/v4/core';

/**
 * A compiled reading of a response schema for the hot answers (a board of 2,000 jobs): it checks
 * each value's kind (string, number, integer, boolean, date, enum word, literal, null, object, array)
 * and keeps only the declared keys, in one pass, without Zod's per-check machinery. It does not
 * re-check string formats or number bounds. Any answer it cannot vouch for is handed back to Zod,
 * which then decides, so a wrong answer is still refused with Zod's own error.
 */

export const MISMATCH: unique symbol = Symbol('mismatch');
export type Reader = (value: unknown) => unknown;

type Def = core.$ZodTypeDef & {
  shape?: Record<string, core.$ZodType>;
  element?: core.$ZodType;
  innerType?: core.$ZodType;
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
  format?: string;
  checks?: readonly core.$ZodCheck[];
};

const isInteger = (def: Def) => def.format === 'safeint' || (def.checks ?? []).some((c) => (c._zod.def as { format?: string }).format === 'safeint');

/** A reader for the schema, or undefined when it holds a kind this reading does not cover. */
export function compileReader(schema: core.$ZodType): Reader | undefined {
  const def = schema._zod.def as Def;
  // trim(), toLowerCase() and the like rewrite the value as Zod parses it: only Zod gives that answer.
  if ((def.checks ?? []).some((c) => c._zod.def.check === 'overwrite')) return undefined;
  switch (def.type) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : MISMATCH);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : MISMATCH);
    case 'number':
      return isInteger(def) ? (v) => (Number.isSafeInteger(v) ? v : MISMATCH) : (v) => (typeof v === 'number' && Number.isFinite(v) ? v : MISMATCH);
    case 'date':
      return (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : MISMATCH);
    case 'null':
      return (v) => (v === null ? v : MISMATCH);
    case 'enum': {
      const words = new Set(Object.values(def.entries ?? {}));
      return (v) => (words.has(v as string) ? v : MISMATCH);
    }
    case 'literal': {
      const values = new Set(def.values ?? []);
      return (v) => (values.has(v) ? v : MISMATCH);
    }
    case 'nullable': {
      const inner = def.innerType && compileReader(def.innerType);
      return inner && ((v) => (v === null ? v : inner(v)));
    }
    case 'optional': {
      const inner = def.innerType && compileReader(def.innerType);
      return inner && ((v) => (v === undefined ? v : inner(v)));
    }
    case 'array': {
      const element = def.element && compileReader(def.element);
      if (!element) return undefined;
      return (v) => {
        if (!Array.isArray(v)) return MISMATCH;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const r = element(v[i]);
          if (r === MISMATCH) return MISMATCH;
          out[i] = r;
        }
        return out;
      };
    }
    case 'object': {
      const fields: [string, Reader][] = [];
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const reader = compileReader(child);
        if (!reader) return undefined;
        fields.push([key, reader]);
      }
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return MISMATCH;
        const from = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [key, reader] of fields) {
          const r = reader(from[key]);
          if (r === MISMATCH) return MISMATCH;
          if (r !== undefined) out[key] = r;
        }
        return out;
      };
    }
    default:
      return undefined;
  }
}
