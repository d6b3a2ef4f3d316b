import { Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isProblem } from '../api/problem';
import { useSingleFlight, useSubmissionKey } from '../api/submission-key';
import type { ShopFormat } from '../format/shop-format';
import { useShopFormat } from '../format/use-shop-format';
import { showInviteNotice } from './invite-notice';
import { type Invitation, invitesKey, invitesQuery, roleLabels, sendInvite, withdrawInvite } from './staff-api';

/** While an e-mail waits its turn (seconds, usually), the list looks again to say when it has gone. */
const WAITING_REFRESH_MS = 3_000;

function DeliveryLine({ delivery, fmt }: { delivery: Invitation['delivery']; fmt: ShopFormat }) {
  if (delivery.status === 'sent') {
    return (
      <Text size="sm" c="dimmed">
        E-mail sent{delivery.sentAt ? ` ${fmt.dateTime(delivery.sentAt)}` : ''}
      </Text>
    );
  }
  if (delivery.status === 'waiting') {
    return (
      <Text size="sm" c="dimmed">
        E-mail waiting to go{delivery.detail ? `; last try: ${delivery.detail}` : ''}
      </Text>
    );
  }
  return (
    <Text size="sm" c="red.9" style={{ overflowWrap: 'anywhere' }}>
      {delivery.detail ?? 'The e-mail was not sent.'}
    </Text>
  );
}

/** Invitations sent and not yet taken up, with how their e-mail fared; each one withdrawable, and one that did not go sent again. */
export function PendingInvites() {
  const invites = useQuery({
    ...invitesQuery,
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.delivery.status === 'waiting') ? WAITING_REFRESH_MS : false),
  });
  const queryClient = useQueryClient();
  const fmt = useShopFormat();
  const [withdrawing, setWithdrawing] = useState<Invitation | null>(null);
  const withdraw = useMutation({
    mutationFn: withdrawInvite,
    onSuccess: () => setWithdrawing(null),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitesKey }),
  });
  // Sending again is a new invitation to the same person: the old link stops working, a new e-mail goes.
  const key = useSubmissionKey();
  const once = useSingleFlight();
  const again = useMutation({
    mutationFn: (i: Invitation) => sendInvite({ name: i.name, email: i.email, role: i.role }, key.current()),
    onSuccess: (made) => {
      key.renew();
      showInviteNotice(made);
    },
    onError: (e, i) => {
      if (isProblem(e) && e.status < 500 && e.status !== 0) key.renew();
      notifications.show({ color: 'red', title: `Invitation to ${i.email} not sent`, message: isProblem(e) ? e.detail : 'Loupe could not be reached.' });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitesKey }),
  });
  const items = invites.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Invited
      </Title>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Invitations">
        {items.map((i) => (
          <Paper key={i.id} withBorder p="sm" radius="md" component="li" aria-label={i.name}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text fw={600}>{i.name}</Text>
                <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {i.email} · {roleLabels[i.role]}
                  {/* An e-mail that never went carries no link to speak of. */}
                  {i.delivery.status === 'sent' || i.delivery.status === 'waiting' ? ` · link works until ${fmt.dateTime(i.expiresAt)}` : ''}
                </Text>
                <DeliveryLine delivery={i.delivery} fmt={fmt} />
              </div>
              <Group gap="xs" wrap="nowrap">
                {(i.delivery.status === 'not_sent' || i.delivery.status === 'failed') && (
                  <Button
                    size="xs"
                    aria-label={`Send the invitation for ${i.name} again`}
                    loading={again.isPending && again.variables?.id === i.id}
                    onClick={() => once(() => again.mutateAsync(i))}
                  >
                    Send again
                  </Button>
                )}
                <Button
                  variant="default"
                  size="xs"
                  aria-label={`Withdraw the invitation for ${i.name}`}
                  onClick={() => {
                    withdraw.reset();
                    setWithdrawing(i);
                  }}
                >
                  Withdraw
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <Modal
        opened={withdrawing !== null}
        onClose={() => setWithdrawing(null)}
        title={withdrawing ? `Withdraw the invitation for ${withdrawing.name}?` : ''}
        centered
      >
        <Stack>
          <Text size="sm">The link in their e-mail stops working. You can invite them again later.</Text>
          {isProblem(withdraw.error) && (
            <Text c="red" size="sm" role="alert">
              {withdraw.error.detail}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setWithdrawing(null)}>
              Keep it
            </Button>
            <Button color="red" loading={withdraw.isPending} onClick={() => withdrawing && withdraw.mutate(withdrawing.id)}>
              Withdraw
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
