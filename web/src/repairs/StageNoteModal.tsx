import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';

/** Asks why a job goes back down the line before the move is sent. */
export function StageNoteModal({
  title,
  open,
  onCancel,
  onConfirm,
}: {
  title: string;
  open: boolean;
  onCancel: () => void;
  onConfirm: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (open) {
      setNote('');
      setTouched(false);
    }
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (note.trim()) onConfirm(note.trim());
  };
  return (
    <Modal opened={open} onClose={onCancel} title={title} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Textarea
            label="Why is it going back?"
            required
            data-autofocus
            autosize
            minRows={2}
            value={note}
            error={touched && !note.trim() ? 'Moving back needs a note saying why' : undefined}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit">Move back</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
