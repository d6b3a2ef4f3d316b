import { useDroppable } from '@dnd-kit/core';
import { Badge, Button, Drawer, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBan, IconPlayerPause } from '@tabler/icons-react';
import { useState } from 'react';
import type { ShopFormat } from '../../format/shop-format';
import { AnchorLink } from '../../layout/links';
import type { BoardPipeline, PipelineJob } from '../types';
import { useMoveJob } from '../use-move-job';
import type { ColumnHead } from './first-screen';
import classes from './SideTray.module.css';

interface TrayProps<S extends string> {
  stage: S;
  label: string;
  hold: boolean;
  count: number | null;
  onOpen: () => void;
}

function TrayTarget<S extends string>({ stage, label, hold, count, onOpen }: TrayProps<S>) {
  const { setNodeRef, isOver } = useDroppable({ id: stage, data: { stage } });
  const Icon = hold ? IconPlayerPause : IconBan;
  return (
    <UnstyledButton ref={setNodeRef} className={classes.tray} data-over={isOver || undefined} data-stage={stage} onClick={onOpen}>
      <Icon size={16} aria-hidden />
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {count !== null && (
        <Badge size="sm" variant="white" color="dark">
          {count}
        </Badge>
      )}
    </UnstyledButton>
  );
}

/** The hold first: a job set aside to come back to is the common case, a cancelled one the rare. */
export const asideInOrder = <S extends string>({ side, hold }: { side: readonly S[]; hold: S }): S[] => [hold, ...side.filter((s) => s !== hold)];

interface Props<S extends string, J extends PipelineJob<S>> {
  p: BoardPipeline<S, J>;
  byStage: Map<S, J[]>;
  /** Counts when `byStage` holds only the first cards (the server's first screen). */
  heads?: ReadonlyMap<string, ColumnHead> | undefined;
  archived: boolean;
  fmt: ShopFormat;
}

/** The side states (on hold, cancelled): drop targets beside the board, with their jobs in a drawer rather than more columns. */
export function SideTray<S extends string, J extends PipelineJob<S>>({ p, byStage, heads, archived, fmt }: Props<S, J>) {
  const [open, setOpen] = useState<S | null>(null);
  const move = useMoveJob(p);
  const { label, hold, isArchived } = p.vocab;
  const jobs = open ? (byStage.get(open) ?? []) : [];
  const hidden = open !== null && isArchived(open) && !archived;
  const trays = asideInOrder(p.vocab);
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {trays.map((s) => (
          <TrayTarget
            key={s}
            stage={s}
            label={label(s)}
            hold={s === hold}
            count={isArchived(s) && !archived ? null : heads ? (heads.get(s)?.count ?? 0) : (byStage.get(s)?.length ?? 0)}
            onOpen={() => setOpen(s)}
          />
        ))}
      </Group>
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" title={open ? label(open) : ''} size="md">
        {hidden && open ? (
          <Text size="sm">
            {label(open)} {p.words.many} are archived. Turn on “Show archived” to list them here.
          </Text>
        ) : jobs.length === 0 ? (
          <Text size="sm">
            No {p.words.many} are {open ? label(open).toLowerCase() : ''}.
          </Text>
        ) : (
          <Stack gap="sm" component="ul" className={classes.list}>
            {jobs.map((job) => (
              <li key={job.id} className={classes.item}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <AnchorLink to="/$pipeline/$id" params={{ pipeline: p.base, id: job.id }} fw={700} size="sm">
                      {job.reference} {job.title}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {job.customer.name} · {p.words.quoted.toLowerCase()} {fmt.money(job.quotedCents)}
                      {job.heldFromStage ? ` · was in ${label(job.heldFromStage)}` : ''}
                    </Text>
                  </div>
                  {job.stage === hold && job.heldFromStage && (
                    <Button
                      size="compact-sm"
                      variant="light"
                      loading={move.isPending}
                      onClick={() => job.heldFromStage && move.mutate({ job, to: job.heldFromStage })}
                    >
                      Resume
                    </Button>
                  )}
                </Group>
              </li>
            ))}
          </Stack>
        )}
      </Drawer>
    </>
  );
}
