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
import type { ShopFormat } from '../../format/shop-format';
import { type PendingRework, ReworkNoteModal } from '../ReworkNoteModal';
import type { BoardPipeline, PipelineJob } from '../types';
import { useMoveJob } from '../use-move-job';
import { dropTargetAt, jumpBetweenTargets } from './board-dnd';
import { useFirstScreen } from './first-screen';
import { JobCard } from './JobCard';
import classes from './KanbanBoard.module.css';
import { KanbanColumn } from './KanbanColumn';
import { asideInOrder, SideTray } from './SideTray';

/** A card moved by keyboard lands in another column (a new element): put the focus back on its handle. */
function refocusHandle(jobId: string) {
  setTimeout(() => document.querySelector<HTMLElement>(`article[data-job-id="${jobId}"] [data-drag-handle]`)?.focus(), 120);
}

/** The longest line that fits a desktop's width without the board scrolling sideways. */
const FITS = 7;

interface Props<S extends string, J extends PipelineJob<S>> {
  p: BoardPipeline<S, J>;
  jobs: J[];
  archived: boolean;
  fmt: ShopFormat;
}

export function KanbanBoard<S extends string, J extends PipelineJob<S>>({ p, jobs, archived, fmt }: Props<S, J>) {
  const move = useMoveJob(p);
  const first = useFirstScreen();
  const { vocab, words } = p;
  const [active, setActive] = useState<J | null>(null);
  const [rework, setRework] = useState<PendingRework<S, J> | null>(null);
  const today = fmt.today();
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // On a tablet a swipe scrolls the column; press and hold picks the card up.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    // Instant scrolling: a smooth scroll still running when the next arrow comes would skip a column.
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenTargets, scrollBehavior: 'auto' }),
  );
  const jobOf = (data: unknown): J | undefined => (data && typeof data === 'object' && 'job' in data ? (data.job as J) : undefined);

  const byStage = useMemo(() => {
    const urgent = p.card.urgent ?? (() => false);
    // Most urgent on top: the pipeline's urgent ones, then the soonest due (overdue first), then no due
    // date; otherwise as the server sent them, newest first (the sort keeps the order of equals).
    const byUrgency = (a: J, b: J) => {
      if (urgent(a) !== urgent(b)) return urgent(a) ? -1 : 1;
      if (a.dueDate === b.dueDate) return 0;
      if (a.dueDate === null) return 1;
      if (b.dueDate === null) return -1;
      return a.dueDate < b.dueDate ? -1 : 1;
    };
    const map = new Map<S, J[]>(vocab.all.map((s) => [s, []]));
    for (const job of jobs) map.get(job.stage)?.push(job);
    for (const list of map.values()) list.sort(byUrgency);
    return map;
  }, [jobs, vocab, p.card.urgent]);

  const announcements = useMemo<Announcements>(() => {
    const name = (id: unknown) => jobs.find((j) => j.id === id)?.reference ?? `the ${words.one}`;
    const target = (id: unknown) => {
      const s = vocab.parse(id);
      return s ? vocab.label(s) : 'no column';
    };
    return {
      onDragStart: ({ active: a }) => `Picked up ${name(a.id)}. Use the arrow keys to choose a column, space to drop, escape to cancel.`,
      onDragOver: ({ active: a, over }) => (over ? `${name(a.id)} is over ${target(over.id)}.` : `${name(a.id)} is not over a column.`),
      onDragEnd: ({ active: a, over }) => (over ? `${name(a.id)} dropped on ${target(over.id)}.` : `${name(a.id)} put back.`),
      onDragCancel: ({ active: a }) => `Move cancelled; ${name(a.id)} stays where it was.`,
    };
  }, [jobs, vocab, words]);

  const onDragStart = ({ active: a }: DragStartEvent) => setActive(jobOf(a.data.current) ?? null);
  const onDragEnd = ({ active: a, over, activatorEvent }: DragEndEvent) => {
    setActive(null);
    const job = jobOf(a.data.current);
    const to = vocab.parse(over?.id);
    if (!job || !to || to === job.stage) return;
    const byKeyboard = activatorEvent instanceof KeyboardEvent;
    if (vocab.isBackward(job.stage, to)) setRework({ job, to, byKeyboard });
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
          draggable: `To move a ${words.one}, press space or enter on its handle, use the arrow keys to choose a column, then press space again to drop it.`,
        },
      }}
    >
      {/* On a phone the trays go under the hint, each as wide as its label and count. */}
      <Group justify="space-between" mb="xs" gap="xs">
        <Text size="xs" c="dimmed" flex="1 1 18rem">
          Drag a card (or focus its handle and press space) to move it. Drop it on {asideInOrder(vocab).map(vocab.label).join(' or ')} to set it aside.
        </Text>
        <SideTray p={p} byStage={byStage} heads={first?.heads} archived={archived} fmt={fmt} />
      </Group>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it */}
      <section className={classes.board} data-testid="kanban" data-job-count={jobs.length} aria-label={`${words.title} kanban board`} tabIndex={0}>
        {vocab.main.map((stage) => (
          <KanbanColumn
            key={stage}
            p={p}
            stage={stage}
            jobs={byStage.get(stage) ?? []}
            fmt={fmt}
            today={today}
            fit={vocab.main.length <= FITS}
            head={first?.heads.get(stage) ?? (first ? { count: 0, cents: 0 } : undefined)}
            hint={
              vocab.isArchived(stage) && !archived
                ? `${vocab.label(stage)} ${words.many} are archived. Drop here to mark ${vocab.label(stage).toLowerCase()}.`
                : undefined
            }
          />
        ))}
      </section>
      <DragOverlay dropAnimation={null}>{active ? <JobCard p={p} job={active} fmt={fmt} today={today} overlay /> : null}</DragOverlay>
      <ReworkNoteModal
        p={p}
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
