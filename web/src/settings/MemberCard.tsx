import { Badge, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDevices, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isProblem } from '../api/problem';
import { useShopFormat } from '../format/use-shop-format';
import { changeRole, type Role, roleLabels, type StaffMember, staffKeys } from './staff-api';

interface Props {
  member: StaffMember;
  /** The signed-in person is an owner: roles, letting go and anyone's sessions are theirs. */
  owner: boolean;
  self: boolean;
  onSessions: () => void;
  onLetGo: () => void;
}

export function MemberCard({ member, owner, self, onSessions, onLetGo }: Props) {
  const fmt = useShopFormat();
  const queryClient = useQueryClient();
  const role = useMutation({
    mutationFn: (next: Role) => changeRole(member.id, next),
    onSuccess: (m) => {
      notifications.show({ color: 'green', title: `${m.name} is now ${roleLabels[m.role].toLowerCase()}`, message: 'Their next click uses the new role.' });
      return queryClient.invalidateQueries({ queryKey: staffKeys.all });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Role not changed', message: isProblem(e) ? e.detail : 'Try again.' }),
  });
  const gone = member.deactivatedAt !== null;
  return (
    <Paper withBorder p="sm" radius="md" component="li" aria-label={member.name}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2} miw={0} style={{ flex: '1 1 14rem' }}>
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} truncate="end">
              {member.name}
            </Text>
            {self && (
              <Badge size="sm" variant="light">
                You
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" truncate="end">
            {member.email}
          </Text>
          {member.deactivatedAt && (
            <Text size="xs" c="dimmed">
              Let go {fmt.dateTime(member.deactivatedAt)}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="wrap">
          {owner && !gone ? (
            <Select
              aria-label={`Role of ${member.name}`}
              size="xs"
              w={130}
              allowDeselect={false}
              data={(Object.keys(roleLabels) as Role[]).map((r) => ({ value: r, label: roleLabels[r] }))}
              value={member.role}
              disabled={role.isPending}
              onChange={(v) => v && v !== member.role && role.mutate(v as Role)}
            />
          ) : (
            <Badge variant={gone ? 'outline' : 'light'} color={gone ? 'gray' : 'blue'}>
              {gone ? 'Left' : roleLabels[member.role]}
            </Badge>
          )}
          {(owner || self) && !gone && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDevices size={14} aria-hidden />}
              onClick={onSessions}
              aria-label={`Sessions of ${member.name}`}
            >
              Sessions
            </Button>
          )}
          {owner && !gone && (
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconUserOff size={14} aria-hidden />}
              onClick={onLetGo}
              aria-label={`Let ${member.name} go`}
            >
              Let go
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
