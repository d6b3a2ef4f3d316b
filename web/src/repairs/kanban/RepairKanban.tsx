import { DndContext, type DragEndEvent, DragOverlay, KeyboardSensor, MouseSensor, TouchSensor, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { Badge, Group, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { dropTargetAt, jumpBetweenTargets } from '../../bespoke/kanban/board-dnd';
import boardClasses from '../../bespoke/kanban/KanbanBoard.module.css';
import columnClasses from '../../bespoke/kanban/KanbanColumn.module.css';
import trayClasses from '../../bespoke/kanban/SideTray.module.css';
import type { ShopFormat } from '../../format/shop-format';
import type { Repair, RepairStage } from '../api';
import { StageNoteModal } from '../StageNoteModal';
import { repairs } from '../stages';
import { useMoveRepair } from '../use-move-repair';
import { DraggableRepairCard, REPAIR_CARD_HEIGHT, RepairCard } from './RepairCard';
import classes from './RepairKanban.module.css';

const jobOf = (data: unknown): Repair | undefined => (data && typeof data === 'object' && 'job' in data ? (data.job as Repair) : undefined);

const byUrgency = (a: Repair, b: Repair) => {
  if (a.rush !== b.rush) return a.rush ? -1 : 1;
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return b.createdAt.localeCompare(a.createdAt);
};

function Column({ stage, jobs, fmt, today }: { stage: RepairStage; jobs: Repair[]; fmt: ShopFormat; today: string }) {
  const { setNodeRef, isOver } = useDroppable({ id: stage, data: { stage } });
  const headingId = `repair-column-${stage}`;
  const total = jobs.reduce((sum, j) => sum + (j.finalCents ?? j.quotedCents ?? 0), 0);
  return (
    <section
      ref={setNodeRef}
      className={`${columnClasses.column} ${classes.fit}`}
      data-over={isOver || undefined}
      data-stage={stage}
      aria-labelledby={headingId}
    >
      <header className={columnClasses.header}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <Text id={headingId} component="h2" size="sm" fw={700} truncate="end">
            {repairs.label(stage)}
          </Text>
          <Badge variant="white" color="dark" size="sm" className={columnClasses.count} aria-label={`${jobs.length} repairs`}>
            {jobs.length}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {jobs.length > 0 ? fmt.moneyShort(total) : '\u00a0'}
        </Text>
      </header>
      <div className={columnClasses.body}>
        {jobs.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="lg" px="xs">
            {stage === 'collected' ? 'Collected repairs are archived. Drop here to mark collected.' : 'Drop a card here'}
          </Text>
        ) : (
          jobs.map((job) => (
            <div key={job.id} className={columnClasses.slot} style={{ height: REPAIR_CARD_HEIGHT }}>
              <DraggableRepairCard job={job} fmt={fmt} today={today} />
            </div>
          ))
        )}
      </div>
    </section>
  );
}

function Tray({ stage, count }: { stage: RepairStage; count: number }) {
  const { setNodeRef, isOver } = useDroppable({ id: stage, data: { stage } });
  return (
    <div ref={setNodeRef} className={trayClasses.tray} data-over={isOver || undefined} data-stage={stage}>
      <Text size="sm" fw={600}>
        {repairs.label(stage)}
      </Text>
      <Badge size="sm" variant="light" color="gray" c="dark.8">
        {count}
      </Badge>
    </div>
  );
}

/** The repair kanban: the bespoke board's drag, keyboard and drop rules over the seven repair stages. */
export function RepairKanban({ jobs, fmt }: { jobs: Repair[]; fmt: ShopFormat }) {
  const move = useMoveRepair();
  const [active, setActive] = useState<Repair | null>(null);
  const [rework, setRework] = useState<{ job: Repair; to: RepairStage } | null>(null);
  const today = fmt.today();
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: jumpBetweenTargets, scrollBehavior: 'auto' }),
  );
  const byStage = useMemo(() => {
    const map = new Map<RepairStage, Repair[]>(repairs.all.map((s) => [s, []]));
    for (const job of jobs) map.get(job.stage)?.push(job);
    for (const list of map.values()) list.sort(byUrgency);
    return map;
  }, [jobs]);
  const onDragEnd = ({ active: a, over }: DragEndEvent) => {
    setActive(null);
    const job = jobOf(a.data.current);
    const to = repairs.parse(over?.id);
    if (!job || !to || to === job.stage) return;
    if (repairs.isBackward(job.stage, to)) setRework({ job, to });
    else move.mutate({ job, to });
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={dropTargetAt}
      onDragStart={({ active: a }) => setActive(jobOf(a.data.current) ?? null)}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{
        screenReaderInstructions: {
          draggable: 'To move a repair, press space or enter on its handle, use the arrow keys to choose a column, then press space again to drop it.',
        },
      }}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text size="xs" c="dimmed">
          Drag a card (or focus its handle and press space) to move it. Drop it on On hold or Cancelled to set it aside.
        </Text>
        <Group gap="xs" wrap="nowrap">
          {repairs.side.map((s) => (
            <Tray key={s} stage={s} count={byStage.get(s)?.length ?? 0} />
          ))}
        </Group>
      </Group>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it */}
      <section className={boardClasses.board} data-testid="kanban" aria-label="Repair kanban board" tabIndex={0}>
        {repairs.main.map((stage) => (
          <Column key={stage} stage={stage} jobs={byStage.get(stage) ?? []} fmt={fmt} today={today} />
        ))}
      </section>
      <DragOverlay dropAnimation={null}>{active ? <RepairCard job={active} fmt={fmt} today={today} overlay /> : null}</DragOverlay>
      <StageNoteModal
        open={rework !== null}
        title={rework ? `Move ${rework.job.reference} back to ${repairs.label(rework.to)}` : ''}
        onCancel={() => setRework(null)}
        onConfirm={(note) => {
          if (rework) move.mutate({ job: rework.job, to: rework.to, note });
          setRework(null);
        }}
      />
    </DndContext>
  );
}
