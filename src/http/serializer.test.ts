import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { job, moveAnswer } from '../modules/bespoke/schemas.js';
import { compileReader, MISMATCH } from './fast-shape.js';
import { isDirectionFree, serializerCompiler } from './serializer.js';

const compile = (schema: z.ZodType) => serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });

describe('the response serializer', () => {
  it('parses the plain bespoke answers (the fast path) and encodes anything with a transform, default or codec', () => {
    expect(isDirectionFree(z.object({ items: z.array(job) }))).toBe(true);
    expect(isDirectionFree(moveAnswer)).toBe(true);
    expect(isDirectionFree(z.object({ a: z.string().transform((s) => s.length) }))).toBe(false);
    expect(isDirectionFree(z.object({ a: z.array(z.string().default('x')) }))).toBe(false);
    expect(isDirectionFree(z.object({ a: z.iso.datetime().nullable() }))).toBe(true);
    const codec = z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() });
    expect(isDirectionFree(z.object({ at: codec }))).toBe(false);
  });

  it('answers exactly what encode answers: undeclared fields stripped, dates as ISO strings', () => {
    const schema = z.object({ id: z.uuid(), at: z.date(), n: z.number().int().min(0), tags: z.array(z.enum(['a', 'b'])).nullable() });
    const data: unknown = { id: '6f1c1a34-52e8-4c0b-9a3e-2d7f0e9b1c11', at: new Date('2026-11-27T09:30:00Z'), n: 3, tags: ['a'], secret: 'x' };
    expect(compile(schema)(data)).toBe(JSON.stringify(z.encode(schema, data as z.output<typeof schema>)));
    expect(compile(schema)(data)).toBe('{"id":"6f1c1a34-52e8-4c0b-9a3e-2d7f0e9b1c11","at":"2026-11-27T09:30:00.000Z","n":3,"tags":["a"]}');
  });

  it('still encodes through a codec when the schema has one', () => {
    const codec = z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() });
    expect(compile(z.object({ at: codec }))({ at: new Date('2026-11-27T09:30:00Z') })).toBe('{"at":"2026-11-27T09:30:00.000Z"}');
  });

  it('refuses an answer that does not match its schema', () => {
    expect(() => compile(z.object({ n: z.number() }))({ n: 'one' })).toThrow();
  });
});

describe('the compiled reading of a response schema', () => {
  const schema = z.object({
    id: z.uuid(),
    n: z.number().int(),
    at: z.date(),
    stage: z.enum(['cad', 'ready']),
    kind: z.literal('bespoke'),
    note: z.string().nullable(),
    extra: z.string().optional(),
    items: z.array(z.object({ a: z.boolean() })),
  });
  const good = {
    id: '6f1c1a34-52e8-4c0b-9a3e-2d7f0e9b1c11',
    n: 3,
    at: new Date('2026-11-27T09:30:00Z'),
    stage: 'cad',
    kind: 'bespoke',
    note: null,
    items: [{ a: true, hidden: 1 }],
    secret: 'x',
  };

  it('covers plain schemas and gives exactly what Zod gives: declared keys only', () => {
    const read = compileReader(schema);
    expect(read).toBeDefined();
    expect(JSON.stringify(read?.(good))).toBe(JSON.stringify(z.parse(schema, good)));
    expect(compile(schema)(good)).toBe(JSON.stringify(z.parse(schema, good)));
  });

  it('hands every wrong kind of value to Zod, which refuses it', () => {
    for (const bad of [
      { ...good, n: 1.5 },
      { ...good, n: '3' },
      { ...good, at: new Date('nope') },
      { ...good, stage: 'polish' },
      { ...good, kind: 'repair' },
      { ...good, note: undefined },
      { ...good, items: [{ a: 'yes' }] },
      { ...good, items: 'none' },
      null,
    ]) {
      expect(compileReader(schema)?.(bad)).toBe(MISMATCH);
      expect(() => compile(schema)(bad)).toThrow();
    }
  });

  it('leaves schemas that rewrite values, or kinds it does not know, to Zod', () => {
    expect(compileReader(z.object({ a: z.string().trim() }))).toBeUndefined();
    expect(compileReader(z.object({ a: z.union([z.string(), z.number()]) }))).toBeUndefined();
    expect(compile(z.object({ a: z.string().trim() }))({ a: ' x ' })).toBe('{"a":"x"}');
  });

  it('reads the whole board answer', () => {
    expect(compileReader(z.object({ items: z.array(job) }))).toBeDefined();
  });
});
