import { Text } from '@mantine/core';
import { IconCheck, IconPlayerSkipForward } from '@tabler/icons-react';
import classes from '../../bespoke/detail/StageStepper.module.css';
import type { RepairDetail, RepairStage } from '../api';
import { repairs } from '../stages';

type StepState = 'current' | 'entered' | 'skipped' | 'upcoming';
const stateText: Record<StepState, string> = { current: 'current stage', entered: 'done', skipped: 'skipped', upcoming: 'not reached' };

/** The seven repair stages with where this job is, where it has been, and what it jumped over. */
export function RepairStepper({ job }: { job: Pick<RepairDetail, 'stage' | 'heldFromStage' | 'stages'> }) {
  const entered = new Set(job.stages.map((s) => s.stage));
  const lastMain = [...job.stages]
    .reverse()
    .map((s) => repairs.parse(s.stage))
    .find((s): s is RepairStage => s !== undefined && repairs.main.includes(s));
  const position: RepairStage | undefined = repairs.main.includes(job.stage) ? job.stage : (job.heldFromStage ?? lastMain);
  const at = position ? repairs.main.indexOf(position) : -1;
  const stateOf = (s: RepairStage, i: number): StepState => {
    if (s === position) return 'current';
    if (i < at) return entered.has(s) ? 'entered' : 'skipped';
    return entered.has(s) ? 'entered' : 'upcoming';
  };
  return (
    <nav aria-label="Stages">
      <ol className={classes.steps}>
        {repairs.main.map((s, i) => {
          const state = stateOf(s, i);
          return (
            <li key={s} className={classes.step} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
              <span className={classes.dot} aria-hidden>
                {state === 'entered' ? <IconCheck size={14} /> : state === 'skipped' ? <IconPlayerSkipForward size={12} /> : i + 1}
              </span>
              <Text size="xs" className={classes.label}>
                {repairs.label(s)}
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
