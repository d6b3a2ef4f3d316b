import { Alert, Anchor, Badge, Box, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import type { paths } from '../api/schema';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import type { ShopFormat } from '../format/shop-format';
import { CustomerContactModal } from './CustomerContactModal';
import { channelWord, eventWord, statusColor, statusOf, wordOr } from './delivery-words';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type Delivery = Json<paths['/api/v1/bespoke/{id}']['get']['responses'][200]>['notifications'][number];

interface Props {
  /** Queues the job's last message again; without it the log is read-only. */
  resend?: (key: string) => Promise<unknown>;
  deliveries: Delivery[];
  customer: { id: string; name: string };
  fmt: ShopFormat;
  onChanged: () => Promise<unknown> | undefined;
}

/** The server says, in words, when the customer lacks the detail a channel needs; the fix is their record. */
const lacksContact = (error: string | null) => error !== null && /customer's record|has no (e-?mail|phone|mobile)/i.test(error);

/**
 * The message whose failure the customer's record can fix: the newest of its event, not sent for want
 * of a contact detail. Once a later message of that event is queued or sent, there is nothing to fix.
 */
function contactProblem(newestFirst: Delivery[]): Delivery | undefined {
  const latestOfEvent = new Map<string, Delivery>();
  for (const d of newestFirst) if (!latestOfEvent.has(d.event)) latestOfEvent.set(d.event, d);
  return [...latestOfEvent.values()].find((d) => (d.status === 'skipped' || d.status === 'dead') && lacksContact(d.lastError));
}

/** Every message about this job: channel, to, status, attempts, what went wrong, when; and a deliberate re-send. */
export function DeliveryLog({ resend, deliveries, customer, fmt, onChanged }: Props) {
  const [editing, setEditing] = useState(false);
  const submission = useSubmissionKey();
  const once = useSingleFlight();
  const send = useMutation({
    mutationFn: () => resend?.(submission.current()) ?? Promise.resolve(),
    onSettled: submission.renew,
    onSuccess: () => {
      notifications.show({ color: 'green', title: 'Message queued again', message: 'It shows below as a manual send.' });
      void onChanged();
    },
  });
  const newestFirst = [...deliveries].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const fixable = contactProblem(newestFirst);
  return (
    <Paper p="md" component="section" aria-labelledby="delivery-log-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="delivery-log-title">
          Messages to the customer
        </Title>
        {resend && deliveries.length > 0 && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconSend size={14} aria-hidden />}
            loading={send.isPending}
            onClick={() => once(() => send.mutateAsync())}
          >
            Re-send
          </Button>
        )}
      </Group>
      {send.error && (
        <Alert color="red" mb="sm" role="alert">
          {isProblem(send.error) ? send.error.detail : 'The message could not be queued; try again.'}
        </Alert>
      )}
      {fixable && (
        <Alert color="orange" mb="sm" title="The customer could not be reached">
          <Text size="sm">{fixable.lastError}</Text>
          <Anchor component="button" type="button" size="sm" fw={600} onClick={() => setEditing(true)}>
            Edit {customer.name}'s contact details
          </Anchor>
        </Alert>
      )}
      {newestFirst.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing sent yet. The customer hears from the shop when the piece is ready.
        </Text>
      ) : (
        <Stack gap={0} data-testid="delivery-log" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Delivery log">
          {newestFirst.map((d) => (
            <Box component="li" key={d.id} data-testid="delivery" py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {wordOr(eventWord, d.event)}
                    {d.manual && (
                      <Text span size="xs" c="dimmed" fw={400}>
                        {' '}
                        · Manual, by {d.requestedBy ?? 'staff'}
                      </Text>
                    )}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {wordOr(channelWord, d.channel)} · to {d.to ?? 'no address'} ·{' '}
                    <time dateTime={d.sentAt ?? d.createdAt}>{fmt.dateTime(d.sentAt ?? d.createdAt)}</time>
                  </Text>
                  {d.lastError && (
                    <Text size="xs" c="red.9">
                      {d.lastError}
                    </Text>
                  )}
                </div>
                <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                  <Badge variant="light" color={statusColor[d.status] ?? 'gray'} tt="none">
                    {statusOf(d)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                  </Text>
                </Stack>
              </Group>
            </Box>
          ))}
        </Stack>
      )}
      <CustomerContactModal customer={editing ? customer : null} onClose={() => setEditing(false)} onSaved={() => void onChanged()} />
    </Paper>
  );
}
