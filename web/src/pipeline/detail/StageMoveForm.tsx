import { Alert, Button, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { minutesWord } from '../ready-notice';
import type { BoardPipeline, PipelineJob } from '../types';
import { useMoveJob } from '../use-move-job';

/** The stage advance dropdown: any stage, forward (skipping is fine) or back (with the reason). */
export function StageMoveForm<S extends string, J extends PipelineJob<S>>({
  p,
  job,
  readyOutlook,
}: {
  p: BoardPipeline<S, J>;
  job: J;
  /** What a move to ready would do about the customer now. */
  readyOutlook?: { willSend: boolean; delayMinutes?: number; reason?: string };
}) {
  const move = useMoveJob(p);
  const { main, side, label: stageLabel, isBackward, parse, ready, hold } = p.vocab;
  const [to, setTo] = useState<S | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const backward = to !== null && isBackward(job.stage, to);

  const groups = [
    {
      group: 'Stages',
      items: main.filter((s) => s !== job.stage).map((s) => ({ value: s, label: `${stageLabel(s)}${isBackward(job.stage, s) ? ' (back)' : ''}` })),
    },
    { group: 'Set aside', items: side.filter((s) => s !== job.stage).map((s) => ({ value: s, label: stageLabel(s) })) },
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
          // A move to ready says its own word about the customer (use-move-job).
          if (!(to === ready && answer.moved)) {
            notifications.show({
              color: 'green',
              title: answer.moved ? `${job.reference} moved to ${stageLabel(to)}` : `${job.reference} was already in ${stageLabel(to)}`,
              message: '',
            });
          }
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
            Now in <b>{stageLabel(job.stage)}</b>
            {job.stage === hold && job.heldFromStage ? ` (was ${stageLabel(job.heldFromStage)})` : ''}.
          </Text>
          <Select
            label="Move to"
            placeholder="Choose a stage"
            data={groups}
            value={to}
            onChange={(v) => {
              setTo(parse(v) ?? null);
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
          {to === ready && readyOutlook && !readyOutlook.willSend && (
            <Alert color="orange" title="The customer will not be told" role="status" styles={{ title: { color: 'var(--mantine-color-dark-8)' } }}>
              {readyOutlook.reason}
            </Alert>
          )}
          {to === ready && readyOutlook?.willSend && (readyOutlook.delayMinutes ?? 0) > 0 && (
            <Text size="sm" c="dimmed">
              The customer is told {minutesWord(readyOutlook.delayMinutes ?? 0)} after the move, unless you undo it first.
            </Text>
          )}
          <Button type="submit" disabled={!to} loading={move.isPending}>
            {to ? `Move to ${stageLabel(to)}` : 'Move'}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
