import { describe, expect, it } from 'vitest';
import { bespokePipeline } from './bespoke-pipeline.js';
import { normaliseReference, normaliseWord, rendersKey, stepsOf, surnameOf, verifierMatches } from './tracking.js';

describe('verifying the customer', () => {
  const grace = { name: 'Grace  O’Brien-Smythe', postcode: 'SW1A 1AA' };

  it('ignores case, accents, spaces and punctuation', () => {
    expect(normaliseWord(' Zoë  Ó Ceallaigh ')).toBe('zoeoceallaigh');
    expect(normaliseWord('SW1A-1AA')).toBe('sw1a1aa');
  });

  it('takes the last word of the name as the surname', () => {
    expect(surnameOf('Grace Holloway')).toBe('Holloway');
    expect(surnameOf('  Cher ')).toBe('Cher');
  });

  it('matches the surname however it is typed, and nothing less', () => {
    expect(verifierMatches('surname', grace, "o'brien-smythe")).toBe(true);
    expect(verifierMatches('surname', grace, 'OBRIENSMYTHE')).toBe(true);
    expect(verifierMatches('surname', grace, 'Grace O’Brien-Smythe')).toBe(true);
    expect(verifierMatches('surname', grace, 'Smythe')).toBe(false);
    expect(verifierMatches('surname', grace, 'Grace')).toBe(false);
    expect(verifierMatches('surname', grace, '  ')).toBe(false);
    expect(verifierMatches('surname', grace, '--')).toBe(false);
  });

  it('matches the postcode when the shop asks for it, and then only the postcode', () => {
    expect(verifierMatches('postcode', grace, 'sw1a1aa')).toBe(true);
    expect(verifierMatches('postcode', grace, 'SW1A 1AB')).toBe(false);
    expect(verifierMatches('postcode', grace, 'Smythe')).toBe(false);
    expect(verifierMatches('postcode', { name: 'Tom', postcode: null }, '')).toBe(false);
    expect(verifierMatches('postcode', { name: 'Tom', postcode: null }, 'Tom')).toBe(false);
  });
});

describe('references as people type them', () => {
  it.each([
    ['B-0042', 'B-0042'],
    ['b-0042', 'B-0042'],
    ['b 42', 'B-0042'],
    ['B0042', 'B-0042'],
    [' b-12345 ', 'B-12345'],
    ['R-0007', 'R-0007'],
    ['nonsense!', 'NONSENSE!'],
  ])('%s is %s', (typed, reference) => expect(normaliseReference(typed)).toBe(reference));
});

describe('the customer’s stepper', () => {
  type Stage = Parameters<typeof stepsOf>[1];
  const everyStage: ReadonlySet<Stage> = new Set(bespokePipeline.stages);
  const states = (stage: Stage, held: Parameters<typeof stepsOf>[2] = null, entered = everyStage) =>
    stepsOf(bespokePipeline, stage, held, entered).map((s) => `${s.stage}:${s.state}`);

  it('uses the customer-facing words for the ten main stages', () => {
    const steps = stepsOf(bespokePipeline, 'cad', null, everyStage);
    expect(steps).toHaveLength(10);
    expect(steps.map((s) => s.label)).toEqual(bespokePipeline.stages.map((s) => bespokePipeline.customerLabels[s]));
  });

  it('marks the stages before the current one done, and none after', () => {
    expect(states('approval')).toEqual([
      'enquiry:done',
      'consultation:done',
      'deposit_received:done',
      'stone_sourcing:done',
      'cad:done',
      'approval:current',
      'setting:upcoming',
      'polish:upcoming',
      'ready:upcoming',
      'collected:upcoming',
    ]);
  });

  it('shows a collected piece as finished, a held job where it stopped, a cancelled one nowhere', () => {
    expect(states('collected').every((s) => s.endsWith(':done'))).toBe(true);
    expect(states('on_hold', 'setting').filter((s) => s.endsWith(':current'))).toEqual(['setting:current']);
    expect(states('cancelled').every((s) => s.endsWith(':upcoming'))).toBe(true);
  });

  it('leaves out the stages a job skipped, and keeps those ahead of it', () => {
    const band = new Set<Stage>(['enquiry', 'deposit_received', 'polish']);
    expect(states('polish', null, band)).toEqual(['enquiry:done', 'deposit_received:done', 'polish:current', 'ready:upcoming', 'collected:upcoming']);
    // Collected: its own step is done though only now entered; the skipped ones stay out.
    expect(states('collected', null, new Set<Stage>([...band, 'ready', 'collected']))).toEqual([
      'enquiry:done',
      'deposit_received:done',
      'polish:done',
      'ready:done',
      'collected:done',
    ]);
    // Held at a stage it reached: the stages skipped on the way stay out, the rest is ahead.
    expect(states('on_hold', 'polish', new Set<Stage>([...band, 'on_hold']))).toEqual([
      'enquiry:done',
      'deposit_received:done',
      'polish:current',
      'ready:upcoming',
      'collected:upcoming',
    ]);
  });
});

describe('versions of the renders', () => {
  it('are the same files in any order, repeats ignored', () => {
    expect(rendersKey(['b', 'a'])).toBe(rendersKey(['a', 'b', 'a']));
    expect(rendersKey(['a', 'b'])).not.toBe(rendersKey(['a', 'b', 'c']));
  });
});
