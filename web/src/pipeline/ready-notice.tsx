import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReadyNotice } from './types';

const minutes = new Intl.PluralRules('en-GB');
/** "1 minute", "2 minutes": the plural the language asks for. */
export const minutesWord = (n: number) => `${n} ${minutes.select(n) === 'one' ? 'minute' : 'minutes'}`;

/**
 * After a move onto the ready stage: when the customer will be told, with Undo while the shop's
 * window lasts; or, when they cannot be told, why not, in the same words the delivery log uses.
 */
export function showReadyNotice(reference: string, notice: ReadyNotice, undo: () => void) {
  const id = `ready-${reference}`;
  if (notice.status === 'not_sent') {
    notifications.show({
      id,
      color: 'orange',
      title: `${reference} is ready: the customer was not told`,
      message: notice.reason ?? 'Not sent.',
      autoClose: 15_000,
    });
    return;
  }
  const delay = notice.delayMinutes ?? 0;
  if (delay === 0) {
    notifications.show({ id, color: 'green', title: `${reference} is ready`, message: 'The customer is being told now.' });
    return;
  }
  notifications.show({
    id,
    color: 'green',
    title: `${reference} is ready`,
    autoClose: delay * 60_000,
    message: (
      <Group gap={6} wrap="wrap" align="center">
        <Text size="sm">Customer will be told in {minutesWord(delay)}</Text>
        <Text size="sm" aria-hidden>
          ·
        </Text>
        <Button
          style={{ flexShrink: 0 }}
          size="compact-sm"
          variant="subtle"
          aria-label={`Undo: move ${reference} back, and tell the customer nothing`}
          onClick={() => {
            notifications.hide(id);
            undo();
          }}
        >
          Undo
        </Button>
      </Group>
    ),
  });
}
