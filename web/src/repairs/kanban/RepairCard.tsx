import { useDraggable } from '@dnd-kit/core';
import { ActionIcon, Badge, Group, Progress, Text } from '@mantine/core';
import { IconAlertTriangle, IconCalendar, IconGripVertical } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { KeyboardEventHandler } from 'react';
import classes from '../../bespoke/kanban/JobCard.module.css';
import type { ShopFormat } from '../../format/shop-format';
import type { Repair } from '../api';
import { repairs, wordFor } from '../stages';

export const REPAIR_CARD_HEIGHT = 156;

interface Props {
  job: Repair;
  fmt: ShopFormat;
  today: string;
  overlay?: boolean;
}

/** A repair on the board, in the bespoke card's clothes: reference, due date, item, customer, progress, money. */
export function RepairCard({ job, fmt, today, overlay }: Props) {
  const overdue = repairs.isOverdue(job, today);
  return (
    <article
      className={classes.card}
      data-overlay={overlay || undefined}
      data-job-id={job.id}
      aria-label={`${job.reference} ${job.title}, for ${job.customer.name}`}
      style={{ height: REPAIR_CARD_HEIGHT - 8 }}
    >
      <CardBody job={job} fmt={fmt} overdue={overdue} />
    </article>
  );
}

function CardBody({ job, fmt, overdue, handle }: { job: Repair; fmt: ShopFormat; overdue: boolean; handle?: React.ReactNode }) {
  return (
    <>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Link to="/repairs/$id" params={{ id: job.id }} className={classes.reference}>
          {job.reference}
        </Link>
        {job.rush && (
          <Badge size="xs" color="red" variant="filled">
            Rush
          </Badge>
        )}
        {job.dueDate && (
          <Text span size="xs" className={overdue ? classes.overdue : classes.due} title={overdue ? 'Overdue' : 'Due'}>
            {overdue ? <IconAlertTriangle size={12} aria-hidden /> : <IconCalendar size={12} aria-hidden />}
            {overdue && <span className="visually-hidden">Overdue, due </span>}
            {fmt.date(job.dueDate)}
          </Text>
        )}
        {handle}
      </Group>
      <div className={classes.body}>
        <div className={classes.text}>
          <Text size="sm" fw={600} lineClamp={2} className={classes.title}>
            {job.title}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {wordFor(job.itemType)} · {job.customer.name}
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
        <span title="Estimate">Est. {fmt.moneyShort(job.quotedCents)}</span>
        <span title="Deposit">Dep. {fmt.moneyShort(job.depositCents)}</span>
      </Text>
    </>
  );
}

export function DraggableRepairCard({ job, fmt, today }: Omit<Props, 'overlay'>) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, isDragging } = useDraggable({ id: job.id, data: { job } });
  const { onKeyDown, ...pointer } = listeners ?? {};
  return (
    <article
      ref={setNodeRef}
      className={classes.card}
      data-dragging={isDragging || undefined}
      data-job-id={job.id}
      aria-label={`${job.reference} ${job.title}, for ${job.customer.name}`}
      style={{ height: REPAIR_CARD_HEIGHT - 8 }}
      {...pointer}
    >
      <CardBody
        job={job}
        fmt={fmt}
        overdue={repairs.isOverdue(job, today)}
        handle={
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            size="sm"
            className={classes.handle}
            {...attributes}
            onKeyDown={onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined}
            aria-label={`Move ${job.reference} (${repairs.label(job.stage)})`}
          >
            <IconGripVertical size={16} aria-hidden />
          </ActionIcon>
        }
      />
    </article>
  );
}
