import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { PipelineCore, PipelineJob } from './types';

export interface PendingRework<S extends string, J extends PipelineJob<S>> {
  job: J;
  to: S;
  /** The move was made by keyboard: focus goes back to the card's handle afterwards. */
  byKeyboard?: boolean;
}

interface Props<S extends string, J extends PipelineJob<S>> {
  p: PipelineCore<S>;
  pending: PendingRework<S, J> | null;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}

/** A move back down the line is a rework: the history should say why. */
export function ReworkNoteModal<S extends string, J extends PipelineJob<S>>({ p, pending, onCancel, onConfirm }: Props<S, J>) {
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
  const label = p.vocab.label;
  return (
    <Modal opened={pending !== null} onClose={onCancel} title={pending ? `Move ${pending.job.reference} back to ${label(pending.to)}` : ''} centered>
      {pending && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">
              {pending.job.title} goes back from <b>{label(pending.job.stage)}</b> to <b>{label(pending.to)}</b>. Say why, so the history records the rework
              honestly.
            </Text>
            <Textarea
              label={p.words.reworkLabel}
              placeholder={p.words.reworkPlaceholder}
              required
              autosize
              minRows={3}
              data-autofocus
              value={note}
              error={touched && !note.trim() ? `A note is needed to move a ${p.words.one} back` : undefined}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onCancel}>
                Keep it in {label(pending.job.stage)}
              </Button>
              <Button type="submit">Move back</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
