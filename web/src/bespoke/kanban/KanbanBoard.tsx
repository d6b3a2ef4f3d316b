import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Group, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Job, Stage } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import { type PendingRework, ReworkNoteModal } from '../ReworkNoteModal';
import { allStages, boardStages, isBackward, stageLabel } from '../stages';
import { useMoveJob } from '../use-move-job';
import { dropTargetAt, jumpBetweenTargets } from './board-dnd';
import { JobCard } from './JobCard';
import classes from './KanbanBoard.module.css';
import { KanbanColumn } from './KanbanColumn';
import { SideTray } from './SideTray';

const byUrgency = (a: Job, b: Job) => {
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return b.createdAt.localeCompare(a.createdAt);
};

/** A card moved by keyboard lands in another column (a new element): put the focus back on its handle. */
function refocusHandle(jobId: string) {
  setTimeout(() => document.querySelector<HTMLElement>(`article[data-job-id="${jobId}"] [data-drag-handle]`)?.focus(), 120);
}

const asStage = (id: unknown): Stage | undefined => allStages.find((s) => s === id);
const jobOf = (data: unknown): Job | undefined => (data && typeof data === 'object' && 'job' in data ? (data.job as Job) : undefined);

interface Props {
  jobs: Job[];
  archived: boolean;
  fmt: ShopFormat;
}

export function KanbanBoard({ jobs, archived, fmt }: Props) {
  const move = useMoveJob();
  const [active, setActive] = useState<Job | null>(null);
  const [rework, setRework] = useState<PendingRework | null>(null);
  const today = fmt.today();
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On a tablet a swipe scrolls the column; press and hold picks the card up.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    // Instant scrolling: a smooth scroll still running when the next arrow comes would skip a column.
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenTargets, scrollBehavior: 'auto' }),
  );

  const byStage = useMemo(() => {
    const map = new Map<Stage, Job[]>(allStages.map((s) => [s, []]));
    for (const job of jobs) map.get(job.stage)?.push(job);
    // Most urgent on top: the soonest due (overdue first), then jobs with no due date, newest first.
    for (const list of map.values()) list.sort(byUrgency);
    return map;
  }, [jobs]);

  const announcements = useMemo<Announcements>(() => {
    const name = (id: unknown) => jobs.find((j) => j.id === id)?.reference ?? 'the job';
    const target = (id: unknown) => {
      const s = asStage(id);
      return s ? stageLabel(s) : 'no column';
    };
    return {
      onDragStart: ({ active: a }) => `Picked up ${name(a.id)}. Use the arrow keys to choose a column, space to drop, escape to cancel.`,
      onDragOver: ({ active: a, over }) => (over ? `${name(a.id)} is over ${target(over.id)}.` : `${name(a.id)} is not over a column.`),
      onDragEnd: ({ active: a, over }) => (over ? `${name(a.id)} dropped on ${target(over.id)}.` : `${name(a.id)} put back.`),
      onDragCancel: ({ active: a }) => `Move cancelled; ${name(a.id)} stays where it was.`,
    };
  }, [jobs]);

  const onDragStart = ({ active: a }: DragStartEvent) => setActive(jobOf(a.data.current) ?? null);
  const onDragEnd = ({ active: a, over, activatorEvent }: DragEndEvent) => {
    setActive(null);
    const job = jobOf(a.data.current);
    const to = asStage(over?.id);
    if (!job || !to || to === job.stage) return;
    const byKeyboard = activatorEvent instanceof KeyboardEvent;
    if (isBackward(job.stage, to)) setRework({ job, to, byKeyboard });
    else {
      move.mutate({ job, to });
      if (byKeyboard) refocusHandle(job.id);
    }
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={dropTargetAt}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: 'To move a job, press space or enter on its handle, use the arrow keys to choose a column, then press space again to drop it.',
        },
      }}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          Drag a card (or focus its handle and press space) to move it. Drop it on On hold or Cancelled to set it aside.
        </Text>
        <SideTray onHold={byStage.get('on_hold') ?? []} cancelled={byStage.get('cancelled') ?? []} archived={archived} fmt={fmt} />
      </Group>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it */}
      <section className={classes.board} data-testid="kanban" data-job-count={jobs.length} aria-label="Kanban board" tabIndex={0}>
        {boardStages.map((stage) => (
          <KanbanColumn
            key={stage}
            stage={stage}
            jobs={byStage.get(stage) ?? []}
            fmt={fmt}
            today={today}
            hint={stage === 'collected' && !archived ? 'Collected jobs are archived. Drop here to mark collected.' : undefined}
          />
        ))}
      </section>
      <DragOverlay dropAnimation={null}>{active ? <JobCard job={active} fmt={fmt} today={today} overlay /> : null}</DragOverlay>
      <ReworkNoteModal
        pending={rework}
        onCancel={() => setRework(null)}
        onConfirm={(note) => {
          if (rework) {
            move.mutate({ job: rework.job, to: rework.to, note });
            if (rework.byKeyboard) refocusHandle(rework.job.id);
          }
          setRework(null);
        }}
      />
    </DndContext>
  );
}
