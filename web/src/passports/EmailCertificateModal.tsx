import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import { emailCertificate, type Passport } from './api';

/** Sends the owner the certificate as it is now, PDF attached, through the shop's outbox: one e-mail per send. */
export function EmailCertificateModal({ passport, onClose }: { passport: Passport; onClose: () => void }) {
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const [note, setNote] = useState('');
  const send = useMutation({
    mutationFn: () => emailCertificate(passport.id, note.trim() || null, submission.current()),
    onSettled: submission.renew,
    onSuccess: (queued) => {
      notifications.show({
        color: 'green',
        title: 'Certificate on its way',
        message: `To ${queued.to}, with ${queued.fileName} attached. Messages shows its delivery.`,
      });
      onClose();
    },
  });
  const errors = isProblem(send.error) ? send.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    once(() => send.mutateAsync());
  };
  return (
    <Modal opened onClose={onClose} title="E-mail the certificate" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            To {passport.ownerName}
            {passport.ownerContact ? ` at ${passport.ownerContact}` : ''}, with the certificate PDF attached.
          </Text>
          <Textarea
            label="A few words of your own (optional)"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors.note}
            data-autofocus
          />
          {send.error && (
            <Text c="red" size="sm" role="alert">
              {errors.ownerContact ?? send.error.message}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={send.isPending}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
