import { Text } from '@mantine/core';
import { IconCheck, IconPlayerSkipForward } from '@tabler/icons-react';
import type { JobDetail, Stage } from '../../api/types';
import { mainStages, stageLabel } from '../stages';
import classes from './StageStepper.module.css';

type StepState = 'current' | 'entered' | 'skipped' | 'upcoming';

const stateText: Record<StepState, string> = { current: 'current stage', entered: 'done', skipped: 'skipped', upcoming: 'not reached' };

/** The ten stages with where this job is, where it has been, and what it jumped over. */
export function StageStepper({ job }: { job: Pick<JobDetail, 'stage' | 'heldFromStage' | 'stages'> }) {
  const entered = new Set(job.stages.map((s) => s.stage));
  const lastMain = [...job.stages].reverse().find((s) => mainStages.includes(s.stage as Stage))?.stage as Stage | undefined;
  const position: Stage | undefined = mainStages.includes(job.stage) ? job.stage : (job.heldFromStage ?? lastMain);
  const at = position ? mainStages.indexOf(position) : -1;
  const stateOf = (s: Stage, i: number): StepState => {
    if (s === position) return 'current';
    if (i < at) return entered.has(s) ? 'entered' : 'skipped';
    return entered.has(s) ? 'entered' : 'upcoming';
  };
  return (
    <nav aria-label="Stages">
      <ol className={classes.steps}>
        {mainStages.map((s, i) => {
          const state = stateOf(s, i);
          return (
            <li key={s} className={classes.step} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className={classes.dot} aria-hidden>
                {state === 'entered' ? <IconCheck size={14} /> : state === 'skipped' ? <IconPlayerSkipForward size={12} /> : i + 1}
              </span>
              <Text size="xs" className={classes.label}>
                {stageLabel(s)}
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
