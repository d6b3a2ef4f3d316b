import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { Job, Stage } from '../api/types';
import { stageLabel } from './stages';

export interface PendingRework {
  job: Pick<Job, 'id' | 'reference' | 'title' | 'stage' | 'heldFromStage' | 'progress'>;
  to: Stage;
  /** The move was made by keyboard: focus goes back to the card's handle afterwards. */
  byKeyboard?: boolean;
}

/** A move back down the line is a rework: the history should say why. */
export function ReworkNoteModal({ pending, onCancel, onConfirm }: { pending: PendingRework | null; onCancel: () => void; onConfirm: (note: string) => void }) {
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (pending) {
      setNote('');
      setTouched(false);
    }
  }, [pending]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (note.trim()) onConfirm(note.trim());
  };
  return (
    <Modal opened={pending !== null} onClose={onCancel} title={pending ? `Move ${pending.job.reference} back to ${stageLabel(pending.to)}` : ''} centered>
      {pending && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">
              {pending.job.title} goes back from <b>{stageLabel(pending.job.stage)}</b> to <b>{stageLabel(pending.to)}</b>. Say why, so the history records the
              rework honestly.
            </Text>
            <Textarea
              label="Reason for the rework"
              placeholder="e.g. Customer asked for a thinner band"
              required
              autosize
              minRows={3}
              data-autofocus
              value={note}
              error={touched && !note.trim() ? 'A note is needed to move a job back' : undefined}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onCancel}>
                Keep it in {stageLabel(pending.job.stage)}
              </Button>
              <Button type="submit">Move back</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
