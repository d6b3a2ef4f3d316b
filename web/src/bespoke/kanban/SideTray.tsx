import { useDroppable } from '@dnd-kit/core';
import { Badge, Button, Drawer, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBan, IconPlayerPause } from '@tabler/icons-react';
import { useState } from 'react';
import type { Job, Stage } from '../../api/types';
import type { ShopFormat } from '../../format/shop-format';
import { AnchorLink } from '../../layout/links';
import { stageLabel } from '../stages';
import { useMoveJob } from '../use-move-job';
import classes from './SideTray.module.css';

interface TrayProps {
  stage: Extract<Stage, 'on_hold' | 'cancelled'>;
  jobs: Job[];
  archived: boolean;
  onOpen: () => void;
}

function TrayTarget({ stage, jobs, archived, onOpen }: TrayProps) {
  const { setNodeRef, isOver } = useDroppable({ id: stage, data: { stage } });
  const Icon = stage === 'on_hold' ? IconPlayerPause : IconBan;
  const countKnown = stage === 'on_hold' || archived;
  return (
    <UnstyledButton ref={setNodeRef} className={classes.tray} data-over={isOver || undefined} data-stage={stage} onClick={onOpen}>
      <Icon size={16} aria-hidden />
      <Text size="sm" fw={600}>
        {stageLabel(stage)}
      </Text>
      {countKnown && (
        <Badge size="sm" variant="white" color="dark">
          {jobs.length}
        </Badge>
      )}
    </UnstyledButton>
  );
}

/** On hold and Cancelled: drop targets beside the board, with their jobs in a drawer rather than two more columns. */
export function SideTray({ onHold, cancelled, archived, fmt }: { onHold: Job[]; cancelled: Job[]; archived: boolean; fmt: ShopFormat }) {
  const [open, setOpen] = useState<'on_hold' | 'cancelled' | null>(null);
  const move = useMoveJob();
  const jobs = open === 'on_hold' ? onHold : cancelled;
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <TrayTarget stage="on_hold" jobs={onHold} archived={archived} onOpen={() => setOpen('on_hold')} />
        <TrayTarget stage="cancelled" jobs={cancelled} archived={archived} onOpen={() => setOpen('cancelled')} />
      </Group>
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" title={open ? stageLabel(open) : ''} size="md">
        {open === 'cancelled' && !archived ? (
          <Text size="sm">Cancelled jobs are archived. Turn on “Show archived” to list them here.</Text>
        ) : jobs.length === 0 ? (
          <Text size="sm">No jobs are {open === 'on_hold' ? 'on hold' : 'cancelled'}.</Text>
        ) : (
          <Stack gap="sm" component="ul" className={classes.list}>
            {jobs.map((job) => (
              <li key={job.id} className={classes.item}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <AnchorLink to="/bespoke/$id" params={{ id: job.id }} fw={700} size="sm">
                      {job.reference} {job.title}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {job.customer.name} · quoted {fmt.money(job.quotedCents)}
                      {job.heldFromStage ? ` · was in ${stageLabel(job.heldFromStage)}` : ''}
                    </Text>
                  </div>
                  {job.stage === 'on_hold' && job.heldFromStage && (
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
