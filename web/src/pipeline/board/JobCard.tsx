import type { DraggableAttributes, DraggableSyntheticListeners } from '@dnd-kit/core';
import { ActionIcon, Group, Progress, Text } from '@mantine/core';
import { IconAlertTriangle, IconCalendar, IconGripVertical } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { KeyboardEventHandler, Ref } from 'react';
import type { ShopFormat } from '../../format/shop-format';
import type { BoardPipeline, PipelineJob } from '../types';
import classes from './JobCard.module.css';

export const CARD_HEIGHT = 156;

export interface DragBindings {
  handleRef: (el: HTMLElement | null) => void;
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
}

interface Props<S extends string, J extends PipelineJob<S>> {
  p: BoardPipeline<S, J>;
  job: J;
  fmt: ShopFormat;
  today: string;
  drag?: DragBindings;
  cardRef?: Ref<HTMLElement>;
  dragging?: boolean;
  overlay?: boolean;
}

/** One job on the board: what the bench needs at a glance, and a handle to move it. */
export function JobCard<S extends string, J extends PipelineJob<S>>({ p, job, fmt, today, drag, cardRef, dragging, overlay }: Props<S, J>) {
  const overdue = p.vocab.isOverdue(job, today);
  const { onKeyDown, ...pointer } = drag?.listeners ?? {};
  return (
    <article
      ref={cardRef}
      className={classes.card}
      data-dragging={dragging || undefined}
      data-overlay={overlay || undefined}
      data-job-id={job.id}
      aria-label={`${job.reference} ${job.title}, for ${job.customer.name}`}
      style={{ height: CARD_HEIGHT - 8 }}
      {...(drag ? pointer : {})}
    >
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Link to="/$pipeline/$id" params={{ pipeline: p.base, id: job.id }} className={classes.reference}>
          {job.reference}
        </Link>
        {p.card.flags?.(job)}
        {job.dueDate && (
          <Text span size="xs" className={overdue ? classes.overdue : classes.due} title={overdue ? 'Overdue' : 'Due'}>
            {overdue ? <IconAlertTriangle size={12} aria-hidden /> : <IconCalendar size={12} aria-hidden />}
            {overdue && <span className="visually-hidden">Overdue, due </span>}
            {fmt.date(job.dueDate)}
          </Text>
        )}
        {drag && (
          <ActionIcon
            ref={drag.handleRef}
            variant="subtle"
            color="gray"
            size="sm"
            className={classes.handle}
            data-drag-handle
            {...drag.attributes}
            onKeyDown={onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined}
            aria-label={`Move ${job.reference} (${p.vocab.label(job.stage)})`}
          >
            <IconGripVertical size={16} aria-hidden />
          </ActionIcon>
        )}
      </Group>
      <div className={classes.body}>
        <div className={classes.text}>
          <Text size="sm" fw={600} lineClamp={2} className={classes.title}>
            {job.title}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {p.card.subline(job)}
          </Text>
        </div>
        {job.thumbnailUrl && <img className={classes.thumb} src={job.thumbnailUrl} alt="" loading="lazy" decoding="async" width={44} height={44} />}
      </div>
      <Group gap={6} wrap="nowrap" mt="auto">
        <Progress value={job.progress} size="sm" className={classes.progress} aria-label={`${job.reference} progress`} />
        <Text size="xs" fw={600} className={classes.percent}>
          {job.progress}%
        </Text>
      </Group>
      <Text size="xs" className={classes.money}>
        <span>
          {p.words.cardMoney[0]} {fmt.moneyShort(job.quotedCents)}
        </span>
        <span>
          {p.words.cardMoney[1]} {fmt.moneyShort(job.depositCents)}
        </span>
      </Text>
    </article>
  );
}
