import { describe, expect, it } from 'vitest';
import { type BespokeStage, bespokeStages, bespokePipeline as p } from './bespoke-pipeline.js';
import { DomainError } from './errors.js';
import { allStages, isArchived, isCalledOff, isStage, parseStage, planMove, progressOf } from './pipeline.js';

describe('the bespoke pipeline as data', () => {
  it('has the ten stages in order and two side states', () => {
    expect(p.stages).toEqual(['enquiry', 'consultation', 'deposit_received', 'stone_sourcing', 'cad', 'approval', 'setting', 'polish', 'ready', 'collected']);
    expect(p.sideStates).toEqual(['cancelled', 'on_hold']);
    expect(allStages(p)).toEqual(bespokeStages);
  });

  it.each([
    ['enquiry', 5],
    ['consultation', 15],
    ['deposit_received', 25],
    ['stone_sourcing', 40],
    ['cad', 55],
    ['approval', 65],
    ['setting', 80],
    ['polish', 92],
    ['ready', 100],
    ['collected', 100],
    ['cancelled', 0],
  ] as const)('shows %s as %i%%', (stage, percent) => {
    expect(progressOf(p, stage)).toBe(percent);
  });

  it('shows a held job at the progress of the stage it was held from', () => {
    for (const s of p.stages) expect(progressOf(p, 'on_hold', s)).toBe(progressOf(p, s));
    expect(progressOf(p, 'on_hold', null)).toBe(0);
  });

  it('has a label and a customer label for every stage', () => {
    for (const s of bespokeStages) {
      expect(p.labels[s]).toBeTruthy();
      expect(p.customerLabels[s]).toBeTruthy();
    }
  });

  it('archives collected and cancelled only', () => {
    expect(bespokeStages.filter((s) => isArchived(p, s))).toEqual(['collected', 'cancelled']);
  });
});

describe('stage words', () => {
  it('accepts exactly the twelve words', () => {
    for (const s of bespokeStages) expect(isStage(p, s)).toBe(true);
    for (const w of ['', 'Ready', 'READY', 'done', ' ready', 'ready ', 'in_progress', null, 3, undefined]) expect(isStage(p, w)).toBe(false);
  });

  it('refuses an unknown word with invalid_stage and the product title', () => {
    try {
      parseStage(p, 'finished');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'invalid_stage', title: 'Invalid bespoke stage' });
    }
  });
});

describe('planning a move', () => {
  const all = bespokeStages;

  it('is a quiet no-op when the job is already there, whatever the client believed', () => {
    for (const s of all) {
      expect(planMove(p, s, s, undefined)).toEqual({ kind: 'noop', stage: s });
      for (const believed of all) expect(planMove(p, s, s, believed).kind).toBe('noop');
    }
  });

  it('lands every move between two different stages when the client is right or does not say', () => {
    for (const from of all)
      for (const to of all) {
        if (from === to) continue;
        for (const expected of [from, undefined]) {
          const plan = planMove(p, from, to, expected);
          expect(plan).toMatchObject({ kind: 'move', from, to, notifiesReady: to === 'ready' });
        }
      }
  });

  it('is a conflict when the job is in neither `from` nor `to`', () => {
    for (const current of all)
      for (const to of all)
        for (const believed of all) {
          if (current === to || believed === current) continue;
          expect(() => planMove(p, current, to, believed)).toThrowError(expect.objectContaining({ code: 'stage_conflict', extra: { currentStage: current } }));
        }
  });

  it('names the direction: forward skips, backward reworks, side steps and resumes', () => {
    const dir = (from: BespokeStage, to: BespokeStage) => {
      const plan = planMove(p, from, to, from);
      return plan.kind === 'move' ? plan.direction : 'noop';
    };
    expect(dir('enquiry', 'polish')).toBe('forward');
    expect(dir('approval', 'cad')).toBe('back');
    expect(dir('collected', 'enquiry')).toBe('back');
    expect(dir('setting', 'on_hold')).toBe('side');
    expect(dir('setting', 'cancelled')).toBe('side');
    expect(dir('on_hold', 'setting')).toBe('resume');
    expect(dir('cancelled', 'enquiry')).toBe('resume');
  });

  it('remembers the stage a job is held from, and forgets it when the job moves on', () => {
    expect(planMove(p, 'setting', 'on_hold', 'setting', null)).toMatchObject({ heldFrom: 'setting' });
    expect(planMove(p, 'on_hold', 'polish', 'on_hold', 'setting')).toMatchObject({ heldFrom: null });
    expect(planMove(p, 'on_hold', 'cancelled', undefined, 'setting')).toMatchObject({ heldFrom: null });
  });

  it('notifies the customer only on entering ready', () => {
    const notifying = all
      .flatMap((from) => all.filter((to) => to !== from).map((to) => planMove(p, from, to, from)))
      .filter((m) => m.kind === 'move' && m.notifiesReady);
    expect(notifying.every((m) => m.kind === 'move' && m.to === 'ready')).toBe(true);
    expect(notifying).toHaveLength(all.length - 1);
  });
});

describe('called off', () => {
  it('is the side state that takes a job off the board; on hold and collected are not', () => {
    expect(bespokeStages.filter((s) => isCalledOff(p, s))).toEqual(['cancelled']);
  });
});
