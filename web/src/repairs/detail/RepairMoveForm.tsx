import { Button, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import type { RepairDetail, RepairStage } from '../api';
import { repairs } from '../stages';
import { useMoveRepair } from '../use-move-repair';

/** Move to any stage, forward (skipping is fine) or back (with the reason). */
export function RepairMoveForm({ job }: { job: RepairDetail }) {
  const move = useMoveRepair();
  const [to, setTo] = useState<RepairStage | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const backward = to !== null && repairs.isBackward(job.stage, to);
  const groups = [
    {
      group: 'Stages',
      items: repairs.main
        .filter((s) => s !== job.stage)
        .map((s) => ({ value: s, label: `${repairs.label(s)}${repairs.isBackward(job.stage, s) ? ' (back)' : ''}` })),
    },
    { group: 'Set aside', items: repairs.side.filter((s) => s !== job.stage).map((s) => ({ value: s, label: repairs.label(s) })) },
  ];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    if (backward && !note.trim()) {
      setNoteError('Moving back needs a note saying why');
      return;
    }
    move.mutate(
      { job, to, note },
      {
        onSuccess: (answer) => {
          notifications.show({
            color: 'green',
            title: answer.moved ? `${job.reference} moved to ${repairs.label(to)}` : `${job.reference} was already in ${repairs.label(to)}`,
            message: to === repairs.ready && answer.moved ? 'The customer-ready message is on its way.' : '',
          });
          setTo(null);
          setNote('');
          setNoteError(undefined);
        },
      },
    );
  };
  return (
    <Paper p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            Move stage
          </Title>
          <Text size="sm">
            Now in <b>{repairs.label(job.stage)}</b>
            {job.stage === 'on_hold' && job.heldFromStage ? ` (was ${repairs.label(job.heldFromStage)})` : ''}.
          </Text>
          <Select
            label="Move to"
            placeholder="Choose a stage"
            data={groups}
            value={to}
            onChange={(v) => {
              setTo(repairs.parse(v) ?? null);
              setNoteError(undefined);
            }}
          />
          <Textarea
            label={backward ? 'Why is it going back?' : 'Note (optional)'}
            required={backward}
            autosize
            minRows={2}
            value={note}
            error={noteError}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Button type="submit" disabled={!to} loading={move.isPending}>
            {to ? `Move to ${repairs.label(to)}` : 'Move'}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
