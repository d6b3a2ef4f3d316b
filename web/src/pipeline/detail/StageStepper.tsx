import { Text } from '@mantine/core';
import { IconCheck, IconPlayerSkipForward } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { PipelineDetail } from '../types';
import type { PipelineVocab } from '../vocab';
import classes from './StageStepper.module.css';

type StepState = 'current' | 'entered' | 'skipped' | 'upcoming';

const stateText: Record<StepState, string> = { current: 'current stage', entered: 'done', skipped: 'skipped', upcoming: 'not reached' };

interface Props<S extends string> {
  vocab: PipelineVocab<S>;
  job: Pick<PipelineDetail<S>, 'stage' | 'heldFromStage' | 'stages'>;
}

/** The pipeline's main line with where this job is, where it has been, and what it jumped over. */
export function StageStepper<S extends string>({ vocab, job }: Props<S>) {
  const { main } = vocab;
  const entered = new Set(job.stages.map((s) => s.stage));
  const lastMain = [...job.stages]
    .reverse()
    .map((s) => vocab.parse(s.stage))
    .find((s): s is S => s !== undefined && main.includes(s));
  const position: S | undefined = main.includes(job.stage) ? job.stage : (job.heldFromStage ?? lastMain);
  const at = position ? main.indexOf(position) : -1;
  const stateOf = (s: S, i: number): StepState => {
    if (s === position) return 'current';
    if (i < at) return entered.has(s) ? 'entered' : 'skipped';
    // Ahead of where the job is: to do, even if it was reached once before the job went back (rework).
    return 'upcoming';
  };
  const list = useRef<HTMLOListElement>(null);
  // On a phone the line is wider than the screen: bring the current stage into view within it.
  useEffect(() => {
    const ol = list.current;
    const current = position && ol?.querySelector<HTMLElement>(`[data-stage="${position}"]`);
    if (ol && current && ol.scrollWidth > ol.clientWidth) ol.scrollLeft = current.offsetLeft - (ol.clientWidth - current.offsetWidth) / 2;
  }, [position]);
  return (
    <nav aria-label="Stages">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: on a phone the line scrolls sideways, and a scrolling region must be reachable by keyboard */}
      <ol ref={list} className={classes.steps} tabIndex={0}>
        {main.map((s, i) => {
          const state = stateOf(s, i);
          return (
            <li key={s} className={classes.step} data-stage={s} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className={classes.dot} aria-hidden>
                {state === 'entered' ? <IconCheck size={14} /> : state === 'skipped' ? <IconPlayerSkipForward size={12} /> : i + 1}
              </span>
              <Text size="xs" className={classes.label}>
                {vocab.label(s)}
                <span className="visually-hidden">, {stateText[state]}</span>
              </Text>
              {state === 'skipped' && (
                <Text size="xs" className={classes.note} aria-hidden>
                  skipped
                </Text>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
