import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Badge, Group, Text } from '@mantine/core';
import { memo, useRef } from 'react';
import type { Job, Stage } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import { stageLabel } from '../stages';
import { CARD_HEIGHT, JobCard } from './JobCard';
import classes from './KanbanColumn.module.css';
import { useWindow } from './use-window';

interface Props {
  stage: Stage;
  jobs: Job[];
  fmt: ShopFormat;
  today: string;
  hint?: string;
}

function DraggableCard({ job, fmt, today }: { job: Job; fmt: ShopFormat; today: string }) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, isDragging } = useDraggable({ id: job.id, data: { job } });
  return (
    <JobCard job={job} fmt={fmt} today={today} cardRef={setNodeRef} dragging={isDragging} drag={{ handleRef: setActivatorNodeRef, attributes, listeners }} />
  );
}

/** One stage of the kanban: a drop target, and a scrolling list that renders only what is in view. */
export const KanbanColumn = memo(function KanbanColumn({ stage, jobs, fmt, today, hint }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: stage, data: { stage } });
  const scroller = useRef<HTMLDivElement | null>(null);
  const slice = useWindow(scroller, jobs.length, CARD_HEIGHT);
  const headingId = `column-${stage}`;
  const total = jobs.reduce((sum, j) => sum + (j.finalCents ?? j.quotedCents ?? 0), 0);
  return (
    <section ref={setNodeRef} className={classes.column} data-over={isOver || undefined} data-stage={stage} aria-labelledby={headingId}>
      <header className={classes.header}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <Text id={headingId} component="h2" size="sm" fw={700} truncate="end">
            {stageLabel(stage)}
          </Text>
          <Badge variant="white" color="dark" size="sm" className={classes.count} aria-label={`${jobs.length} jobs`}>
            {jobs.length}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {jobs.length > 0 ? fmt.moneyShort(total) : '\u00a0'}
        </Text>
      </header>
      <div ref={scroller} className={classes.body}>
        {jobs.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="lg" px="xs">
            {hint ?? 'Drop a card here'}
          </Text>
        ) : (
          <div style={{ paddingTop: slice.padTop, paddingBottom: slice.padBottom }}>
            {jobs.slice(slice.start, slice.end).map((job) => (
              <div key={job.id} className={classes.slot} style={{ height: CARD_HEIGHT }}>
                <DraggableCard job={job} fmt={fmt} today={today} />
              </div>
            ))}
          </div>
        )}
      </div>
    </section>
  );
});
