import { describe, expect, it } from 'vitest';
import { bespokePipeline } from './bespoke-pipeline.js';
import { allStages, parseStage, planMove, progressOf } from './pipeline.js';
import { estimateOf, repairPipeline as p, repairStages } from './repair-pipeline.js';

describe('the repair pipeline as data', () => {
  it('has seven stages in order, the side states, and "Booked in" for intake', () => {
    expect(p.stages).toEqual(['intake', 'assessed', 'quoted', 'approved', 'in_progress', 'ready', 'collected']);
    expect(allStages(p)).toEqual(repairStages);
    expect(p.labels.intake).toBe('Booked in');
    expect(p.referencePrefix).toBe('R');
    expect(p.referencePrefix).not.toBe(bespokePipeline.referencePrefix);
  });

  it('rises in progress along the main line and shows a held job at its stage', () => {
    const weights = p.stages.map((s) => progressOf(p, s));
    expect(weights).toEqual([...weights].sort((a, b) => a - b));
    expect(progressOf(p, 'ready')).toBe(100);
    expect(progressOf(p, 'cancelled')).toBe(0);
    expect(progressOf(p, 'on_hold', 'in_progress')).toBe(progressOf(p, 'in_progress'));
  });

  it('answers an unknown word with "Invalid repair stage", and bespoke words are unknown here', () => {
    expect(() => parseStage(p, 'polish')).toThrowError(expect.objectContaining({ code: 'invalid_stage', title: 'Invalid repair stage' }));
  });

  it('obeys the same move rules as bespoke', () => {
    expect(planMove(p, 'ready', 'ready', 'in_progress').kind).toBe('noop');
    expect(() => planMove(p, 'assessed', 'ready', 'intake')).toThrowError(expect.objectContaining({ code: 'stage_conflict' }));
    expect(planMove(p, 'in_progress', 'ready', 'in_progress')).toMatchObject({ kind: 'move', notifiesReady: true });
    expect(planMove(p, 'quoted', 'assessed', 'quoted')).toMatchObject({ direction: 'back' });
  });
});

it('adds up a repair estimate from its work lines', () => {
  expect(estimateOf([{ priceCents: 4_500 }, { priceCents: 2_000 }])).toBe(6_500);
  expect(estimateOf([])).toBe(0);
});
