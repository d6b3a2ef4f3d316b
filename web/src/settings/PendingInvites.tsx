import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useShopFormat } from '../format/use-shop-format';
import { invitesKey, invitesQuery, roleLabels, withdrawInvite } from './staff-api';

/** Invitations sent and not yet taken up, each one withdrawable. */
export function PendingInvites() {
  const invites = useQuery(invitesQuery);
  const queryClient = useQueryClient();
  const fmt = useShopFormat();
  const withdraw = useMutation({
    mutationFn: withdrawInvite,
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
                  {i.email} · {roleLabels[i.role]} · link works until {fmt.dateTime(i.expiresAt)}
                </Text>
              </div>
              <Button
                variant="default"
                size="xs"
                aria-label={`Withdraw the invitation for ${i.name}`}
                loading={withdraw.isPending && withdraw.variables === i.id}
                onClick={() => withdraw.mutate(i.id)}
              >
                Withdraw
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
