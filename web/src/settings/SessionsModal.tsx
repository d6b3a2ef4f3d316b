import { Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useShopFormat } from '../format/use-shop-format';
import { endSessions, type StaffMember, sessionsQuery, staffKeys } from './staff-api';

/** Where a member is signed in, and the way to sign them out everywhere (a lost phone, a shared bench tablet). */
export function SessionsModal({ member, onClose }: { member: StaffMember | null; onClose: () => void }) {
  const fmt = useShopFormat();
  const queryClient = useQueryClient();
  const sessions = useQuery({ ...sessionsQuery(member?.id ?? ''), enabled: member !== null });
  const end = useMutation({
    mutationFn: () => endSessions(member?.id ?? ''),
    onSuccess: () => {
      notifications.show({ color: 'green', title: `${member?.name} is signed out everywhere`, message: 'Their next click asks them to sign in.' });
      return queryClient.invalidateQueries({ queryKey: staffKeys.all });
    },
  });
  const items = sessions.data?.items ?? [];
  return (
    <Modal opened={member !== null} onClose={onClose} title={member ? `Where ${member.name} is signed in` : ''} centered>
      <Stack>
        {sessions.isPending && <Loader size="sm" aria-label="Loading sessions" />}
        {sessions.data && items.length === 0 && <Text c="dimmed">Not signed in anywhere.</Text>}
        {items.map((s) => (
          <Stack key={s.id} gap={0}>
            <Text size="sm" fw={600} lineClamp={2}>
              {s.userAgent || 'Unknown browser'}
            </Text>
            <Text size="xs" c="dimmed">
              Signed in {fmt.dateTime(s.createdAt)} · ends {fmt.dateTime(s.expiresAt)}
            </Text>
          </Stack>
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Done
          </Button>
          <Button
            color="red"
            disabled={items.length === 0}
            loading={end.isPending}
            leftSection={<IconLogout size={16} aria-hidden />}
            onClick={() => end.mutate()}
          >
            Sign out everywhere
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
