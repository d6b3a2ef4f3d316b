import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import type { ShopFormat } from '../../format/shop-format';
import type { BoardPipeline, PipelineJob } from '../types';
import type { ColumnHead } from './first-screen';
import { CARD_HEIGHT, JobCard } from './JobCard';
import classes from './KanbanColumn.module.css';

interface Props<S extends string, J extends PipelineJob<S>> {
  p: BoardPipeline<S, J>;
  stage: S;
  jobs: J[];
  fmt: ShopFormat;
  today: string;
  hint?: string;
  /** A short line's columns share the board's width rather than keeping their own. */
  fit: boolean;
  /** Given when `jobs` are only the column's first cards (the server's first screen). */
  head?: ColumnHead | undefined;
}

/** The height a column assumes before it is measured; on the server, a tall desktop's. */
const firstHeight = () => (typeof window === 'undefined' ? 1200 : window.innerHeight);

function DraggableCard<S extends string, J extends PipelineJob<S>>({ p, job, fmt, today }: { p: BoardPipeline<S, J>; job: J; fmt: ShopFormat; today: string }) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, isDragging } = useDraggable({ id: job.id, data: { job } });
  return (
    <JobCard
      p={p}
      job={job}
      fmt={fmt}
      today={today}
      cardRef={setNodeRef}
      dragging={isDragging}
      drag={{ handleRef: setActivatorNodeRef, attributes, listeners }}
    />
  );
}

/** Cards drawn beyond the column's visible part, above and below, so a scroll shows no gap. */
const OVERSCAN = 4;

/**
 * One stage of the kanban: a drop target, and a scrolling list that draws only the cards in view
 * (a column of thousands costs what a screenful does). Cards have one fixed height; the first
 * render already assumes the window's height, so the first paint has its cards.
 */
function Column<S extends string, J extends PipelineJob<S>>({ p, stage, jobs, fmt, today, hint, fit, head }: Props<S, J>) {
  const { setNodeRef, isOver } = useDroppable({ id: stage, data: { stage } });
  const scroller = useRef<HTMLDivElement | null>(null);
  const rows = useVirtualizer({
    // The server's first screen draws the cards it has; the app's board sizes the column for all of them.
    count: jobs.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => CARD_HEIGHT,
    getItemKey: (i) => jobs[i]?.id ?? i,
    overscan: OVERSCAN,
    initialRect: { width: 0, height: firstHeight() },
  });
  const shown = rows.getVirtualItems();
  const padTop = shown[0]?.start ?? 0;
  const padBottom = Math.max(0, rows.getTotalSize() - (shown[shown.length - 1]?.end ?? 0));
  const headingId = `column-${stage}`;
  const count = head?.count ?? jobs.length;
  const total = head?.cents ?? jobs.reduce((sum, j) => sum + (j.finalCents ?? j.quotedCents ?? 0), 0);
  return (
    <section
      ref={setNodeRef}
      className={[classes.column, fit && classes.fit, head && classes.picture].filter(Boolean).join(' ')}
      data-over={isOver || undefined}
      data-stage={stage}
      aria-labelledby={headingId}
    >
      {/* Plain elements, not Mantine's Group, Text and Badge: ten columns' heads are in the first paint. */}
      <header className={classes.header}>
        <div className={classes.headRow}>
          <h2 id={headingId} className={classes.title}>
            {p.vocab.label(stage)}
          </h2>
          <span className={classes.count}>
            {count}
            <span className="visually-hidden"> {p.words.many}</span>
          </span>
        </div>
        <p className={classes.money}>{count > 0 ? fmt.moneyShort(total) : '\u00a0'}</p>
      </header>
      <div ref={scroller} className={classes.body}>
        {count === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="lg" px="xs">
            {hint ?? 'Drop a card here'}
          </Text>
        ) : (
          <div style={{ paddingTop: padTop, paddingBottom: padBottom }}>
            {shown.map((row) => {
              const job = jobs[row.index];
              return job ? (
                <div key={row.key} className={classes.slot} style={{ height: CARD_HEIGHT }}>
                  <DraggableCard p={p} job={job} fmt={fmt} today={today} />
                </div>
              ) : null;
            })}
          </div>
        )}
      </div>
    </section>
  );
}

export const KanbanColumn = memo(Column) as typeof Column;
